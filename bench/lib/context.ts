import { FULL_CITY, generateCity, scaledCity, type City, type CityOptions } from '../generator';
import { machine, type BenchResult, type Machine, type Mode } from './results';

export interface BenchContext {
  readonly mode: Mode;
  /** Repetitions of each side (at least 5). */
  readonly reps: number;
  readonly cityOptions: CityOptions;
  /** The synthetic city of this mode, generated once per process. */
  city(): City;
  log(message: string): void;
  machine(): Machine;
}

/** --quick scales the city (and every workload) to a tenth. */
export const QUICK_FACTOR = 0.1;

export function createContext(mode: Mode, reps: number, name: string): BenchContext {
  const cityOptions = mode === 'quick' ? scaledCity(FULL_CITY, QUICK_FACTOR) : FULL_CITY;
  let city: City | null = null;
  return {
    mode,
    reps,
    cityOptions,
    city() {
      city ??= generateCity(cityOptions);
      return city;
    },
    log(message: string) {
      process.stderr.write(`  [${name}] ${message}\n`);
    },
    machine: () => machine(),
  };
}

export type Benchmark = (ctx: BenchContext) => Promise<BenchResult>;
