/** Small browser helpers that never throw. */

/** Copy text to the clipboard (the async API, or the old way on plain-http pages). */
export async function copyText(text: string): Promise<boolean> {
	try {
		if (globalThis.navigator?.clipboard && globalThis.isSecureContext) {
			await navigator.clipboard.writeText(text);
			return true;
		}
	} catch {
		// Refused: try the old way.
	}
	try {
		const area = document.createElement('textarea');
		area.value = text;
		area.setAttribute('readonly', '');
		area.style.position = 'fixed';
		area.style.opacity = '0';
		document.body.append(area);
		area.select();
		const copied = document.execCommand('copy');
		area.remove();
		return copied;
	} catch {
		return false;
	}
}

/** Full screen on or off for `target` (the player and its controls). */
export async function toggleFullscreen(target: HTMLElement | null): Promise<void> {
	try {
		if (document.fullscreenElement) await document.exitFullscreen();
		else await target?.requestFullscreen();
	} catch {
		// Refused (iframe policy, old browser): nothing to do.
	}
}
