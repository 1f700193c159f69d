import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * A logger that logs nothing: the computation logs a line per run, and the
 * benchmarks print their own. (The test utilities' mock logger would load
 * ~90 MB of modules into the processes whose memory is measured.)
 */
export const quietLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};
