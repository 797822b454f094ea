/**
 * Fake upos URLs: `/upgcxcode/<aa>/<bb>/<cid>/<cid>_nb2-1-<streamId>.m4s?…&deadline=…&upsig=…`.
 * `upsig` binds path, deadline and platform (not the host, so mirror substitution works, as BBDown
 * assumes), so a client cannot extend a link by editing `deadline`.
 */
import { createHash } from 'node:crypto';

const UPSIG_SECRET = 'fake-bilibili-upsig-v1';
const PATH_PATTERN = /^\/upgcxcode\/\d{2}\/\d{2}\/(\d+)\/\1_[a-z0-9]+-1-(\d+)\.(m4s|mp4)$/;

/** What a CDN path names. */
export interface CdnTarget {
	cid: number;
	streamId: number;
	ext: 'm4s' | 'mp4';
}

/** The upos path of a stream of a cid. */
export function cdnPath({ cid, streamId, ext }: CdnTarget): string {
	const aa = String(cid % 100).padStart(2, '0');
	const bb = String(Math.floor(cid / 100) % 100).padStart(2, '0');
	const tag = ext === 'mp4' ? 'da2' : 'nb2';
	return `/upgcxcode/${aa}/${bb}/${cid}/${cid}_${tag}-1-${streamId}.${ext}`;
}

/** Parses a CDN path back to its target, or null. */
export function parseCdnPath(path: string): CdnTarget | null {
	const m = PATH_PATTERN.exec(path);
	if (!m) return null;
	return { cid: Number(m[1]), streamId: Number(m[2]), ext: m[3] as 'm4s' | 'mp4' };
}

/** The signature over path, deadline and platform. */
export function upsig(path: string, deadline: string, platform: string): string {
	return createHash('md5').update(`${UPSIG_SECRET}|${path}|${deadline}|${platform}`).digest('hex');
}

/** Where a URL points: `os` is `bcache` for the CDN, `mcdn` for PCDN, `cosovbv` for backups. */
export interface CdnUrlParams extends CdnTarget {
	base: string;
	deadline: number;
	platform: string;
	os: 'bcache' | 'mcdn' | 'cosovbv';
	/** `orderid=<n>,3`: 0 for the primary, 1–2 for backups. */
	order: number;
	trid: string;
	bandwidth: number;
}

/** Builds a full CDN URL in the shape Bilibili uses (doc §10). */
export function cdnUrl(p: CdnUrlParams): string {
	const path = cdnPath(p);
	const deadline = String(p.deadline);
	const q = new URLSearchParams({
		e: 'ig8euxZM2rNcNbdlhoNvNC8BqJIzNbfqXBvEqxTEto8BTrNvN0GvT90W5JZMkX_YN0MvXg8gNEV4NC8xNEV4N03eN0B5tZlqNxTEto8BTrNvNeZVuJ10Kj_g2UB02J0mN0B5tZlqNCNEto8BTrNvNC7MTX502C8f2jmMQJ6mqF2fka1mqx6gqj0eN0B599M=',
		uipk: '5',
		nbs: '1',
		deadline,
		gen: 'playurlv2',
		os: p.os,
		oi: '2130706433',
		trid: p.trid,
		mid: '0',
		platform: p.platform,
		upsig: upsig(path, deadline, p.platform),
		uparams: 'e,uipk,nbs,deadline,gen,os,oi,trid,mid,platform',
		bvc: 'vod',
		nettype: '0',
		orderid: `${p.order},3`,
		agrr: '1',
		bw: String(Math.round(p.bandwidth / 8)),
		logo: '80000000',
	});
	return `${p.base}${path}?${q.toString()}`;
}
