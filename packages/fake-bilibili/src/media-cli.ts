/**
 * `pnpm --filter @videotogether/fake-bilibili media [--force]`: generates the fixture media and
 * prints what the playurl JSON will say about each file.
 */
import { ensureMedia, loadMedia } from './media.js';

const force = process.argv.includes('--force');
const result = await ensureMedia(undefined, { force });
console.log(
	`media in ${result.dir}: generated ${result.generated.length} file(s) in ${result.elapsedMs} ms` +
		(result.realHevc ? '' : ' (no libx265: HEVC entries reuse AVC bytes)'),
);
const media = await loadMedia(result.dir);
for (const s of [...media.video, ...media.audio]) {
	console.log(
		`${s.streamId}\tid ${s.id}\t${s.codecs}\t${s.width}x${s.height}\t${s.bandwidth} b/s\t` +
			`init ${s.ranges.initialization}\tindex ${s.ranges.indexRange}\t${s.durationSec.toFixed(3)} s`,
	);
}
const p = media.progressive;
console.log(`${p.streamId}\tprogressive\t${p.width}x${p.height}\t${p.size} B\t${p.durationSec} s`);
