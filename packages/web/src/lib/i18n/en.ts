import type { Messages } from './zh-CN.js';

/** English messages. Typed as `Messages`, so a missing or extra key fails type-checking. */
export const en: Messages = {
	'app.name': 'VideoTogether',
	'app.title': 'VideoTogether',
	'app.tagline': 'Watch Bilibili in sync with friends',
	'lang.label': 'Language',
	'lang.switchTo': '中文',

	'login.title': 'Sign in',
	'login.modeLabel': 'Sign-in method',
	'login.modeShared': 'Shared password',
	'login.modeAccount': 'Account',
	'login.password': 'Password',
	'login.name': 'Display name',
	'login.namePlaceholder': 'What others will see',
	'login.userId': 'User ID',
	'login.submit': 'Enter',
	'login.submitting': 'Signing in…',
	'login.loadingOptions': 'Loading…',
	'login.noModes': 'The server has no sign-in method configured.',
	'login.retry': 'Retry',

	'header.signedInAs': 'Signed in as {name}',
	'header.logout': 'Log out',

	'link.label': 'Bilibili link',
	'link.placeholder': 'Paste a BV id, a video link or share text',
	'link.submit': 'Load',
	'link.submitting': 'Loading…',

	'player.title': 'Bilibili player: {title}',
	'player.untitled': 'current video',
	'player.empty': 'Paste a Bilibili link to start watching together',
	'player.looseSync': 'Embedded player · loose sync ±2 s',

	'controls.label': 'Playback controls',
	'controls.play': 'Play',
	'controls.pause': 'Pause',
	'controls.back10': 'Back 10 seconds',
	'controls.forward10': 'Forward 10 seconds',
	'controls.seek': 'Position',

	'status.playing': 'Playing',
	'status.paused': 'Paused',
	'status.idle': 'Nothing loaded',
	'status.by': 'by {actor}',
	'status.bySystem': 'system',

	'connection.connected': 'Connected',
	'connection.connecting': 'Connecting…',
	'connection.reconnecting': 'Reconnecting…',

	'notFound.title': 'Page not found',
	'notFound.body': 'There is nothing at this address.',
	'notFound.home': 'Back to the room',

	'error.invalid_credentials': 'Wrong password or user ID.',
	'error.missing_credentials': 'Please fill in every required field.',
	'error.rate_limited': 'Too many attempts. Try again in {seconds} s.',
	'error.rate_limited_soon': 'Too many attempts. Try again shortly.',
	'error.invalid_link': 'That link was not recognised. Paste a Bilibili video link or BV id.',
	'error.unsupported_link': 'This kind of link is not supported yet.',
	'error.no_media': 'No video is loaded yet.',
	'error.unauthorized': 'Your session has expired. Please sign in again.',
	'error.internal': 'Something went wrong on the server. Please try again.',
	'error.network': 'Network error: cannot reach the server.',
	'error.timeout': 'The server did not answer. Please try again.',
	'error.unknown': 'Something went wrong: {code}',
};
