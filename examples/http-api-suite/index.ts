/**
 * The end-to-end suite every example app runs unchanged. An app's test file is a few lines:
 *
 *   describeHttpApi('Express example app', {
 *     start: (storage) => listenOnLoopback(createApp(storage)),
 *     silenceErrorLog: () => jest.spyOn(console, 'error').mockImplementation(() => undefined),
 *   });
 */
import type { HttpApiHarness } from './harness';
import { describeRejections } from './rejections';
import { describeRoutes } from './routes';

export type { ErrorLogSpy, HttpApiHarness, RunningHttpApp } from './harness';

/** Registers the suite's top-level describes, each named after `appName`. */
export function describeHttpApi(appName: string, harness: HttpApiHarness): void {
  describeRoutes(appName, harness);
  describeRejections(appName, harness);
}
