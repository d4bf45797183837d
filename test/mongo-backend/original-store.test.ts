import type { CvmStorage } from '../../src';
import { databaseNameOf, mongoTargets, useMongoKit } from '../support/fixtures';
import { describeOriginalStore } from '../support/original-store-suite';
import { loadOriginalMongoDump, originalReads } from '../support/original-stores';

for (const target of mongoTargets()) {
  describe(`MongoDB on ${target.name}`, () => {
    const kit = useMongoKit(target);
    let url = '';

    beforeEach(async () => {
      url = kit.databaseUrl('original');
      await loadOriginalMongoDump(kit.client.db(databaseNameOf(url)));
    });

    describeOriginalStore(
      `MongoDB on ${target.name}`,
      {
        async open(): Promise<CvmStorage> {
          const storage = kit.adapter(url);
          await storage.connect();
          return storage;
        },
      },
      () => originalReads('mongodb'),
    );
  });
}
