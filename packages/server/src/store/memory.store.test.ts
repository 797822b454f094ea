import { systemClock } from '../lib/clock.js';
import { MemoryStore } from './memory.store.js';
import { registerStoreContract } from './store.contract.js';

registerStoreContract(
	'memory',
	async () => {
		const store = new MemoryStore(systemClock);
		return { store, reopen: async () => store };
	},
	{ durable: false },
);
