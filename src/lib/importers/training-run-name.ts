/**
 * How a framework's run folder is named (Ultralytics `runs/detect/train2`, a Trainer
 * `output_dir`): the run is the folder the person sees, the experiment the folder it sits in.
 * The run's id is its path below what was dropped, so two `train` folders of different projects
 * stay apart; the dropped folder itself is run "." of an experiment named after it (as for
 * TensorBoard logdirs), since nothing inside the folder names it.
 */
export interface TrainingRunName {
  runId: string;
  runName: string;
  experimentId: string;
  experimentName: string;
}

/** Names the run folder at `root` (a path as dropped; '' when loose files were dropped). */
export function nameTrainingRun(root: string, fallbackExperiment: string): TrainingRunName {
  if (root === '')
    return {
      runId: '.',
      runName: '.',
      experimentId: fallbackExperiment,
      experimentName: fallbackExperiment
    };
  const slash = root.indexOf('/');
  if (slash < 0) return { runId: '.', runName: '.', experimentId: root, experimentName: root };
  const experimentId = root.slice(0, root.lastIndexOf('/'));
  return {
    runId: root.slice(slash + 1),
    runName: root.slice(root.lastIndexOf('/') + 1),
    experimentId,
    experimentName: experimentId.slice(experimentId.lastIndexOf('/') + 1)
  };
}
