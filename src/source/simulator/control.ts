/**
 * What tests and demos can do to a simulator beyond the source interface, the same way
 * in-process and over HTTP: inject faults, move the simulated clock, read the DMs it received.
 */
import type { DmRecord } from './engine.js';
import type { FaultSettings } from './faults.js';

export interface SimulatorControl {
  setFault(change: Partial<FaultSettings> & { reset?: boolean }): Promise<FaultSettings>;
  /** Jump simulated time forward; returns the new simulated time. */
  advance(ms: number): Promise<Date>;
  simulatedNow(): Promise<Date>;
  listDms(): Promise<DmRecord[]>;
}
