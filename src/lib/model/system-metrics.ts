/**
 * System metrics (the machine, not the model): MLflow's system metrics (`system/cpu_utilization_
 * percentage`, `system/gpu_0_memory_usage_megabytes`, …, mlflow/system_metrics) and W&B's stats
 * (`system/cpu`, `system/gpu.0.memory`, …) are all logged under `system/`. Views list them after
 * the model's own metrics, apart.
 */
export function isSystemMetric(key: string): boolean {
  return key.startsWith('system/');
}

/** Model metrics first, then system metrics; each group keeps the order it was given. */
export function systemLast<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [
    ...items.filter((i) => !isSystemMetric(key(i))),
    ...items.filter((i) => isSystemMetric(key(i)))
  ];
}
