import { BILIBILI_REASON_INFO, BilibiliReason } from '@videotogether/shared';
import { describe, expect, it } from 'vitest';
import { dictionaries, interpolate, LOCALES, type Locale, type MessageKey } from '../i18n/index.js';
import { LocalReason } from '../player/select.js';
import { modeBadgeText, reasonText } from './mode-text.js';

const translator =
	(locale: Locale) =>
	(key: MessageKey, params?: Readonly<Record<string, string | number>>): string =>
		interpolate(dictionaries[locale][key], params);

const SERVER_REASONS = Object.values(BilibiliReason);
const ALL_REASONS = [...SERVER_REASONS, ...Object.values(LocalReason)];

describe('reasonText', () => {
	for (const locale of LOCALES) {
		const t = translator(locale);
		const unknown = t('playbackMode.reason.unknown', { code: 'x' });

		it(`translates every reason code (${locale})`, () => {
			const seen = new Set<string>();
			for (const code of ALL_REASONS) {
				const text = reasonText(code, t);
				expect(text.trim(), code).not.toBe('');
				expect(text, code).not.toBe(unknown.replace('x', code));
				seen.add(text);
			}
			// Each reason says something of its own.
			expect(seen.size).toBe(ALL_REASONS.length);
		});

		it(`names an unknown code instead of failing (${locale})`, () => {
			expect(reasonText('brand_new_reason', t)).toContain('brand_new_reason');
		});
	}

	it('speaks Chinese in zh-CN', () => {
		const t = translator('zh-CN');
		for (const code of ALL_REASONS) expect(reasonText(code, t), code).toMatch(/[\u4e00-\u9fff]/);
	});

	it('matches the server’s English messages in en', () => {
		const t = translator('en');
		for (const code of SERVER_REASONS) {
			expect(reasonText(code, t), code).toBe(BILIBILI_REASON_INFO[code].message);
		}
	});
});

describe('modeBadgeText', () => {
	const zh = translator('zh-CN');
	const en = translator('en');
	const base = { reason: null, resolving: false };

	it('labels each mode in both languages', () => {
		expect(modeBadgeText({ ...base, mode: 'native' }, zh).label).toBe('原生播放');
		expect(modeBadgeText({ ...base, mode: 'native' }, en).label).toBe('Native');
		expect(modeBadgeText({ ...base, mode: 'mp4' }, zh).label).toBe('MP4');
		expect(modeBadgeText({ ...base, mode: 'mp4' }, en).label).toBe('MP4');
		expect(modeBadgeText({ ...base, mode: 'embed' }, zh).label).toBe('嵌入 · 松散同步 ±1–2 秒');
		expect(modeBadgeText({ ...base, mode: 'embed' }, en).label).toBe('Embed · loose sync ±1–2 s');
		const resolving = { mode: 'embed' as const, reason: null, resolving: true };
		expect(modeBadgeText(resolving, zh).label).toBe('正在解析…');
		expect(modeBadgeText(resolving, en).label).toBe('Resolving…');
	});

	it('explains the mode, and why when it is not native', () => {
		const native = modeBadgeText({ ...base, mode: 'native' }, en);
		expect(native.reason).toBeNull();
		expect(native.about).toMatch(/DASH/);
		const risk = modeBadgeText({ mode: 'embed', reason: 'risk_controlled', resolving: false }, zh);
		expect(risk.about).toMatch(/松散同步/);
		expect(risk.reason).toBe('哔哩哔哩暂时拒绝了我们的请求（风控）。');
		for (const locale of LOCALES) {
			const t = translator(locale);
			for (const code of ALL_REASONS) {
				for (const mode of ['mp4', 'embed'] as const) {
					const text = modeBadgeText({ mode, reason: code, resolving: false }, t);
					expect(text.reason).toBe(reasonText(code, t));
					expect(text.about.trim()).not.toBe('');
				}
			}
		}
	});
});
