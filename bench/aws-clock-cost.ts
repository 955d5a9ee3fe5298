/**
 * What an idle connector costs in each latency mode: the default's modelled cost (bench/cost-model.ts,
 * one slice per tick) plus what the mode's idle sink used beyond the default's idle sink in the same
 * AWS-clock run (more slices, longer slices), plus the scheduler time a mode keeps alive (sub-minute
 * ticks), charged in full to the connector as the model charges a tick to a deployment's only connector.
 */
import { ASSUMPTIONS, PRICES } from './cost-model.js';
import type { IdleSlices } from './aws-clock.js';

/** DynamoDB units of one idle slice (measured by the full bench; 3 + 3 when only the AWS-clock part ran). */
export interface SliceDynamo {
  readonly writeUnits: number;
  readonly readUnits: number;
}

export interface ModeCostInputs {
  /** `costUsdPerMonth.idleConnector` of the default mode. */
  readonly defaultIdleUsd: number;
  readonly defaultIdle: IdleSlices;
  readonly modeIdle: IdleSlices;
  readonly dynamoPerSlice: SliceDynamo;
  /** Scheduler milliseconds per minute the mode adds (a sub-ticking scheduler stays alive). */
  readonly schedulerMsPerMinute: number;
}

export const MEASURED_DYNAMO_PER_IDLE_SLICE: SliceDynamo = { writeUnits: 3, readUnits: 3 };

const minutesPerMonth = ASSUMPTIONS.hoursPerMonth * 60;

/** $/month of one idle connector in a mode. */
export function idleCostOfMode(inputs: ModeCostInputs): number {
  const extraSlices =
    Math.max(0, inputs.modeIdle.slicesPerMinute - inputs.defaultIdle.slicesPerMinute) * minutesPerMonth;
  const extraSliceSeconds =
    (Math.max(0, inputs.modeIdle.sliceMsPerMinute - inputs.defaultIdle.sliceMsPerMinute) * minutesPerMonth) / 1000;
  const schedulerSeconds = (inputs.schedulerMsPerMinute * minutesPerMonth) / 1000;
  const requests = (extraSlices * PRICES.lambdaPerMillionRequests) / 1e6;
  const compute =
    extraSliceSeconds * ASSUMPTIONS.taskRunnerMemoryGb * PRICES.lambdaGbSecond +
    schedulerSeconds * ASSUMPTIONS.schedulerMemoryGb * PRICES.lambdaGbSecond;
  const dynamo =
    (extraSlices *
      (inputs.dynamoPerSlice.writeUnits * PRICES.dynamoPerMillionWriteUnits +
        inputs.dynamoPerSlice.readUnits * PRICES.dynamoPerMillionReadUnits)) /
    1e6;
  const logs = ((extraSlices * ASSUMPTIONS.logBytesPerInvocation) / 1024 ** 3) * PRICES.cloudWatchLogsPerGb;
  return Math.round((inputs.defaultIdleUsd + requests + compute + dynamo + logs) * 100) / 100;
}
