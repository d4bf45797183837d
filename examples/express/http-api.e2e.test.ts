import { describeHttpApi } from '../http-api-suite';
import { createApp } from './app';
import { listenOnLoopback } from './listen-on-loopback';

describeHttpApi('Express example app', {
  start: (storage) => listenOnLoopback(createApp(storage)),
  silenceErrorLog: () => jest.spyOn(console, 'error').mockImplementation(() => undefined),
});
