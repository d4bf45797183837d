import { Logger } from '@nestjs/common';
import { describeHttpApi } from '../http-api-suite';
import { startTestApp } from './start-test-app';

describeHttpApi('Nest example app', {
  start: async (storage) => {
    const { app, url } = await startTestApp(storage);
    return { url, close: () => app.close() };
  },
  silenceErrorLog: () => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined),
});
