import {
	CHAT_HISTORY_ON_JOIN,
	CHAT_MAX_LENGTH,
	type ChatHistory,
	type ChatMessage,
} from '@videotogether/shared';
import type { HttpResult } from '../api/http.js';
import { checkChat } from '../chat/rules.js';

export type ChatEntryState = 'sending' | 'sent' | 'failed';

export interface ChatFailure {
	error: string;
	message?: string;
	/** The server's length limit (`too_long`). */
	limit?: number;
	/** Seconds until sending is allowed again (`rate_limited`). */
	retryAfterS?: number;
}

/** One line of the chat as shown: a stored message, or one of ours on its way (or failed). */
export interface ChatEntry {
	/** Stable while it is shown: `c:<clientId>` for ours, `m:<id>` for the others. */
	key: string;
	/** The stored message id (null until the server has it). */
	id: string | null;
	clientId: string | null;
	userId: string | null;
	name: string;
	text: string;
	/** When it was sent (server time once stored; our clock while pending), ms. */
	sentAt: number;
	mediaMs: number | null;
	mediaId: string | null;
	/** Typed in this tab. */
	local: boolean;
	state: ChatEntryState;
	failure: ChatFailure | null;
}

export type ChatAck =
	| { ok: true; message: ChatMessage }
	| { ok: false; error: string; message?: string; limit?: number; retryAfterS?: number };

/** How chat reaches the server: the room's socket for sending, HTTP for older pages. */
export interface ChatTransport {
	send(payload: { message: string; clientId: string }): Promise<ChatAck>;
	history(query: { before: string; limit: number }): Promise<HttpResult<ChatHistory>>;
}

export type ChatSendOutcome =
	| { ok: true }
	| { ok: false; error: 'empty' | 'too_long'; limit: number }
	| { ok: false; error: 'rate_limited'; retryAfterS: number };

export const OLDER_PAGE = CHAT_HISTORY_ON_JOIN;

export interface ChatDeps {
	transport: ChatTransport;
	/** Local clock, ms. */
	now?: () => number;
	/** Client ids for our messages (random by default). */
	newClientId?: () => string;
}

function fromMessage(message: ChatMessage): ChatEntry {
	return {
		key: `m:${message.id}`,
		id: message.id,
		clientId: message.clientId ?? null,
		userId: message.userId,
		name: message.name,
		text: message.text,
		sentAt: message.sentAt,
		mediaMs: message.mediaMs,
		mediaId: message.mediaId,
		local: false,
		state: 'sent',
		failure: null,
	};
}

function randomClientId(): string {
	const bytes = new Uint8Array(9);
	globalThis.crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The room's chat: the latest messages on join, older pages on demand, new ones as they come, and
 * our own with their send status. The text of a message that failed is kept in its entry (retry or
 * edit it); text refused before sending never leaves the input.
 */
export class ChatState {
	#entries = $state.raw<ChatEntry[]>([]);
	#hasMore = $state(false);
	#loaded = $state(false);
	#loadingOlder = $state(false);
	#olderError = $state<string | null>(null);
	#limit = $state(CHAT_MAX_LENGTH);
	#blockedUntil = $state(0);
	#received = $state(0);
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping; the UI never reads it
	#announced = new Set<string>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not state
	#live = new Set<(message: ChatMessage) => void>();
	/** Bumped on reset: answers for a room we left are dropped. */
	#epoch = 0;
	#transport: ChatTransport;
	#now: () => number;
	#newClientId: () => string;

	constructor(deps: ChatDeps) {
		this.#transport = deps.transport;
		this.#now = deps.now ?? Date.now;
		this.#newClientId = deps.newClientId ?? randomClientId;
	}

	get entries(): ChatEntry[] {
		return this.#entries;
	}
	/** Older messages exist on the server. */
	get hasMore(): boolean {
		return this.#hasMore;
	}
	/** The history of the room has arrived. */
	get loaded(): boolean {
		return this.#loaded;
	}
	get loadingOlder(): boolean {
		return this.#loadingOlder;
	}
	get olderError(): string | null {
		return this.#olderError;
	}
	/** Longest message, in characters (the server may say it is lower). */
	get limit(): number {
		return this.#limit;
	}
	/** Until when (local clock) the server refuses our messages. */
	get blockedUntilMs(): number {
		return this.#blockedUntil;
	}
	/** Messages from others that arrived live so far (for "new" marks elsewhere). */
	get receivedCount(): number {
		return this.#received;
	}
	blockedMs(nowMs: number = this.#now()): number {
		return Math.max(0, this.#blockedUntil - nowMs);
	}

	/** Every new message (ours included) as it arrives live, once; never history. */
	onLive(listener: (message: ChatMessage) => void): () => void {
		this.#live.add(listener);
		return () => this.#live.delete(listener);
	}

	// ---- from the server ------------------------------------------------------------------------

	/** The latest messages (on join and on every reconnect): they replace what we had. */
	applyHistory(history: ChatHistory): void {
		const clientIds = history.messages.map((m) => m.clientId).filter(Boolean);
		const stillOurs = this.#entries.filter(
			(e) => e.local && e.id === null && !(e.clientId !== null && clientIds.includes(e.clientId)),
		);
		for (const message of history.messages) this.#announced.add(message.id);
		this.#entries = [...history.messages.map(fromMessage), ...stillOurs];
		this.#hasMore = history.hasMore ?? history.messages.length >= CHAT_HISTORY_ON_JOIN;
		this.#loaded = true;
	}

	/** A `chat:message`: ours (matched by client id) becomes sent, anyone else's is appended. */
	receive(message: ChatMessage): void {
		if (this.#entries.some((e) => e.id === message.id)) return;
		const local =
			message.clientId === undefined
				? undefined
				: this.#entries.find((e) => e.local && e.clientId === message.clientId);
		if (local) this.#confirm(local.key, message);
		else {
			this.#entries = [...this.#entries, fromMessage(message)];
			this.#received += 1;
		}
		this.#announce(message);
	}

	// ---- ours ------------------------------------------------------------------------------------

	/**
	 * Send a message. Refused before sending (the text stays where it is): empty, too long, or while
	 * the server asks us to wait. Otherwise it shows at once as `sending`.
	 */
	send(text: string): ChatSendOutcome {
		const check = checkChat(text, this.#limit);
		if (!check.ok) return { ok: false, error: check.error, limit: this.#limit };
		const blocked = this.blockedMs();
		if (blocked > 0)
			return { ok: false, error: 'rate_limited', retryAfterS: Math.ceil(blocked / 1000) };
		const clientId = this.#newClientId();
		const entry: ChatEntry = {
			key: `c:${clientId}`,
			id: null,
			clientId,
			userId: null,
			name: '',
			text: check.text,
			sentAt: this.#now(),
			mediaMs: null,
			mediaId: null,
			local: true,
			state: 'sending',
			failure: null,
		};
		this.#entries = [...this.#entries, entry];
		void this.#deliver(entry);
		return { ok: true };
	}

	/** Send a failed message again (not while the server asks us to wait). */
	retry(key: string): boolean {
		const entry = this.#entries.find((e) => e.key === key);
		if (!entry || entry.state !== 'failed' || this.blockedMs() > 0) return false;
		const check = checkChat(entry.text, this.#limit);
		if (!check.ok) return false;
		this.#patch(key, { state: 'sending', failure: null });
		void this.#deliver({ ...entry, state: 'sending', failure: null });
		return true;
	}

	/** Take a failed message back out (to edit it in the input): its text, or null. */
	takeBack(key: string): string | null {
		const entry = this.#entries.find((e) => e.key === key);
		if (!entry || entry.state !== 'failed') return null;
		this.#entries = this.#entries.filter((e) => e.key !== key);
		return entry.text;
	}

	/** Older messages above the first one we have. */
	async loadOlder(): Promise<void> {
		if (this.#loadingOlder || !this.#hasMore) return;
		const first = this.#entries.find((e) => e.id !== null);
		if (!first?.id) return;
		const epoch = this.#epoch;
		this.#loadingOlder = true;
		this.#olderError = null;
		const result = await this.#transport.history({ before: first.id, limit: OLDER_PAGE });
		if (epoch !== this.#epoch) return;
		this.#loadingOlder = false;
		if (!result.ok) {
			this.#olderError = result.error;
			return;
		}
		const known = this.#entries.map((e) => e.id);
		const older = result.data.messages.filter((m) => !known.includes(m.id));
		for (const message of older) this.#announced.add(message.id);
		this.#entries = [...older.map(fromMessage), ...this.#entries];
		this.#hasMore = result.data.hasMore ?? false;
	}

	/** Forget everything (leaving the room). */
	reset(): void {
		this.#epoch += 1;
		this.#entries = [];
		this.#hasMore = false;
		this.#loaded = false;
		this.#loadingOlder = false;
		this.#olderError = null;
		this.#blockedUntil = 0;
		this.#announced.clear();
	}

	async #deliver(entry: ChatEntry): Promise<void> {
		const epoch = this.#epoch;
		const clientId = entry.clientId ?? this.#newClientId();
		let ack: ChatAck;
		try {
			ack = await this.#transport.send({ message: entry.text, clientId });
		} catch {
			ack = { ok: false, error: 'network' };
		}
		if (epoch !== this.#epoch) return;
		if (ack.ok) {
			this.#confirm(entry.key, ack.message);
			this.#announce(ack.message);
			return;
		}
		const failure: ChatFailure = { error: ack.error };
		if (ack.message !== undefined) failure.message = ack.message;
		if (ack.limit !== undefined) {
			failure.limit = ack.limit;
			this.#limit = ack.limit;
		}
		if (ack.retryAfterS !== undefined) {
			failure.retryAfterS = ack.retryAfterS;
			this.#blockedUntil = this.#now() + Math.max(1, ack.retryAfterS) * 1000;
		}
		// The message may have arrived by broadcast meanwhile (a lost ack): then it is sent.
		const current = this.#entries.find((e) => e.key === entry.key);
		if (current && current.id === null) this.#patch(entry.key, { state: 'failed', failure });
	}

	#confirm(key: string, message: ChatMessage): void {
		if (this.#entries.some((e) => e.id === message.id && e.key !== key)) {
			// Known already under another key (history arrived first): drop the pending copy.
			this.#entries = this.#entries.filter((e) => e.key !== key);
			return;
		}
		this.#patch(key, {
			id: message.id,
			userId: message.userId,
			name: message.name,
			text: message.text,
			sentAt: message.sentAt,
			mediaMs: message.mediaMs,
			mediaId: message.mediaId,
			state: 'sent',
			failure: null,
		});
	}

	#patch(key: string, patch: Partial<ChatEntry>): void {
		this.#entries = this.#entries.map((e) => (e.key === key ? { ...e, ...patch } : e));
	}

	#announce(message: ChatMessage): void {
		if (this.#announced.has(message.id)) return;
		this.#announced.add(message.id);
		for (const listener of this.#live) listener(message);
	}
}
