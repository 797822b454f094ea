/** Pure Bilibili helpers shared by server and web: reason codes and codec families. */
export { BILIBILI_REASON_INFO, BilibiliReason, type BilibiliReasonInfo } from './reasons.js';
export {
	AUDIO_PROBE,
	CODEC_FAMILIES,
	CODEC_PROBES,
	chooseFamily,
	familyOfCodecs,
	familyOfStream,
	normalizeCodecs,
	probeCodecFamilies,
	type CodecFamily,
} from './codecs.js';
