import { randomBytes } from 'node:crypto';
import { onTestFinished } from 'vitest';
import { RedisStore } from './redis.store.js';
import { registerStoreContract } from './store.contract.js';
import { redisUrlForTests } from '../../test/redis.js';

const url = await redisUrlForTests();

registerStoreContract(
	'redis',
	async () => {
		const prefix = `vt-test:${randomBytes(4).toString('hex')}:`;
		const open = () => RedisStore.open({ url, prefix }, () => {});
		let store = await open();
		onTestFinished(async () => {
			await store.wipe();
			await store.close();
		});
		return {
			store,
			reopen: async () => {
				await store.close();
				store = await open();
				return store;
			},
		};
	},
	{ durable: true },
);
