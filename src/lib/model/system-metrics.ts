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

/**
 * What a GPU system metric measures, for the run-wide GPU columns: device memory in use (scaled
 * to megabytes, 10^6 bytes, as MLflow's `gpu_<i>_memory_usage_megabytes` is `used / 1e6`) or
 * utilisation in percent. MLflow: `system/gpu_<i>_memory_usage_megabytes`,
 * `system/gpu_<i>_utilization_percentage`; W&B: `system/gpu.<i>.memoryAllocatedBytes`,
 * `system/gpu.<i>.gpu`. Percent-of-device memory (`…_memory_usage_percentage`,
 * `gpu.<i>.memoryAllocated`) is left out: a peak in megabytes is what tells runs apart.
 */
export type GpuMetricRole = { kind: 'memory'; toMegabytes: number } | { kind: 'utilization' };

const GPU_ROLES: [RegExp, GpuMetricRole][] = [
  [/^system\/gpu_\d+_memory_usage_megabytes$/, { kind: 'memory', toMegabytes: 1 }],
  [/^system\/gpu\.\d+\.memoryAllocatedBytes$/, { kind: 'memory', toMegabytes: 1e-6 }],
  [/^system\/gpu_\d+_utilization_percentage$/, { kind: 'utilization' }],
  [/^system\/gpu\.\d+\.gpu$/, { kind: 'utilization' }]
];

export function gpuMetricRole(key: string): GpuMetricRole | null {
  if (!key.startsWith('system/gpu')) return null;
  for (const [pattern, role] of GPU_ROLES) if (pattern.test(key)) return role;
  return null;
}
