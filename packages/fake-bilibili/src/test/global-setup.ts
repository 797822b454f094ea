/** vitest globalSetup: generate the fixture media once before any worker starts. */
import { ensureMedia } from '../media.js';

export default async function setup(): Promise<void> {
	const result = await ensureMedia();
	if (result.generated.length > 0) {
		console.log(
			`[fake-bilibili] generated ${result.generated.length} media files in ${result.elapsedMs} ms`,
		);
	}
}
