/**
 * Simplified Chinese messages: the reference dictionary. Every other locale must have exactly
 * these keys (`Messages` below makes the compiler check it). `{name}` marks a parameter.
 */
export const zhCN = {
	'app.name': '一起看',
	'app.title': '一起看 · VideoTogether',
	'app.tagline': '和朋友同步观看哔哩哔哩',
	'lang.label': '语言',
	'lang.switchTo': 'English',

	'login.title': '登录',
	'login.modeLabel': '登录方式',
	'login.modeShared': '共享密码',
	'login.modeAccount': '账号',
	'login.password': '密码',
	'login.name': '显示名称',
	'login.namePlaceholder': '大家会看到这个名字',
	'login.userId': '用户名',
	'login.submit': '进入',
	'login.submitting': '正在登录…',
	'login.loadingOptions': '正在加载…',
	'login.noModes': '服务器没有配置任何登录方式。',
	'login.retry': '重试',

	'header.signedInAs': '当前用户：{name}',
	'header.logout': '退出',

	'link.label': '哔哩哔哩链接',
	'link.placeholder': '粘贴 BV 号、视频链接或分享文字',
	'link.submit': '加载',
	'link.submitting': '加载中…',

	'player.title': '哔哩哔哩播放器：{title}',
	'player.untitled': '当前视频',
	'player.empty': '粘贴一个哔哩哔哩链接开始一起看',
	'player.looseSync': '嵌入播放器 · 松散同步 ±2 秒',

	'controls.label': '播放控制',
	'controls.play': '播放',
	'controls.pause': '暂停',
	'controls.back10': '后退 10 秒',
	'controls.forward10': '前进 10 秒',
	'controls.seek': '进度',

	'status.playing': '正在播放',
	'status.paused': '已暂停',
	'status.idle': '未加载视频',
	'status.by': '由 {actor} 操作',
	'status.bySystem': '系统',

	'connection.connected': '已连接',
	'connection.connecting': '正在连接…',
	'connection.reconnecting': '正在重新连接…',

	'notFound.title': '页面不存在',
	'notFound.body': '这个地址没有内容。',
	'notFound.home': '回到房间',

	'error.invalid_credentials': '密码或用户名不正确。',
	'error.missing_credentials': '请填写所有必填项。',
	'error.rate_limited': '尝试次数过多，请 {seconds} 秒后再试。',
	'error.rate_limited_soon': '尝试次数过多，请稍后再试。',
	'error.invalid_link': '无法识别这个链接，请粘贴哔哩哔哩视频链接或 BV 号。',
	'error.unsupported_link': '暂不支持这种链接。',
	'error.no_media': '还没有加载视频。',
	'error.unauthorized': '登录已失效，请重新登录。',
	'error.internal': '服务器出错了，请稍后再试。',
	'error.network': '网络错误，无法连接服务器。',
	'error.timeout': '服务器没有响应，请重试。',
	'error.unknown': '出错了：{code}',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof zhCN;
export type Messages = Readonly<Record<MessageKey, string>>;
