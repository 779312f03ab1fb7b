"""Signing in: OIDC through Streamlit's ``st.login``, the local demo users, the start-up refusal and
``ppp users``. English and Chinese; merged into :data:`ppp.i18n.catalog.MESSAGES`."""

from __future__ import annotations

SIGNIN_MESSAGES: dict[str, dict[str, str]] = {
    # ppp.services.users: signing in
    "service.signin.no_subject": {
        "en": "The identity provider sent no subject (sub), or one longer than {limit} characters: "
        "nobody can be signed in.",
        "zh": "身份提供方未发送主体标识（sub），或其长度超过 {limit} 个字符：无法登录。",
    },
    "service.signin.unknown_subject": {
        "en": "The identity {subject} sent no email and is not a user of this app. "
        "Ask an administrator to add you.",
        "zh": "身份 {subject} 未提供电子邮箱，且不是本应用的用户。请联系管理员为您添加账户。",
    },
    "service.signin.unknown_user": {
        "en": "{email} is not a user of this app. "
        "Ask an administrator to add you (ppp users add {email} ...).",
        "zh": "{email} 不是本应用的用户。请联系管理员为您添加账户（ppp users add {email} ...）。",
    },
    "service.signin.email_unverified": {
        "en": "The identity provider says {email} is not verified: it cannot identify a user of this app.",
        "zh": "身份提供方表示 {email} 尚未验证：不能用它识别本应用的用户。",
    },
    "service.signin.email_bound": {
        "en": "The user {email} already signs in with another identity. "
        "Sign in with that identity, or ask an administrator.",
        "zh": "用户 {email} 已绑定另一个登录身份。请使用该身份登录，或联系管理员。",
    },
    "service.signin.no_user": {
        "en": "There is no user with id {user_id}.",
        "zh": "不存在编号为 {user_id} 的用户。",
    },
    # ppp.services.users: user management
    "service.signin.no_such_email": {
        "en": "There is no user with the email {email}.",
        "zh": "不存在电子邮箱为 {email} 的用户。",
    },
    "service.signin.email_taken": {
        "en": "email = {email}: a user with this email exists already (emails are unique, ignoring case).",
        "zh": "email = {email}：已有使用此电子邮箱的用户（电子邮箱不区分大小写，且必须唯一）。",
    },
    "service.signin.subject_taken": {
        "en": "subject = {subject}: another user signs in with this subject already (subjects are unique).",
        "zh": "subject = {subject}：已有其他用户使用此主体标识登录（主体标识必须唯一）。",
    },
    "service.signin.invalid.role": {
        "en": "{field} = {value}: must be one of {expected}",
        "zh": "{field} = {value}：必须是以下之一：{expected}",
    },
    "service.signin.invalid.email": {
        "en": "{field} = {value}: must be an email address (name@domain, no spaces, at most 320 characters)",
        "zh": "{field} = {value}：必须是电子邮箱地址（name@domain，不含空格，最多 320 个字符）",
    },
    "service.signin.invalid.length": {
        "en": "{field} = {value}: must have {low} to {high} characters",
        "zh": "{field} = {value}：长度必须为 {low} 至 {high} 个字符",
    },
    "service.signin.invalid.organisation_needed": {
        "en": "{field} = {value}: a user with the role {role} acts for one organisation, which must be named",
        "zh": "{field} = {value}：角色为 {role} 的用户代表某一机构，必须填写该机构",
    },
    "service.signin.invalid.scopes_need_auditor": {
        "en": "{field} = {value}: only auditors have government bodies to audit (this user's role is {role})",
        "zh": "{field} = {value}：只有审计方才有可审计的政府机构（此用户的角色为 {role}）",
    },
    "service.signin.invalid.local_user_role": {
        "en": "{field} = {value}: the local administrator ({email}) keeps its role; "
        "the embedded app acts as it",
        "zh": "{field} = {value}：本地管理员（{email}）的角色不能更改；嵌入式应用以该用户身份运行",
    },
    # ppp.ui.signin
    "ui.signin.title": {"en": "Sign in", "zh": "登录"},
    "ui.signin.intro": {
        "en": "This app is shared: sign in with your organisation's account to see your projects.",
        "zh": "本应用为共享部署：请使用所在机构的账户登录以查看您的项目。",
    },
    "ui.signin.button": {"en": "Sign in", "zh": "登录"},
    "ui.signin.button_with": {"en": "Sign in with {provider}", "zh": "使用 {provider} 登录"},
    "ui.signin.sign_out": {"en": "Sign out", "zh": "退出登录"},
    "ui.signin.refused_title": {"en": "Sign-in is not configured", "zh": "未配置登录"},
    "ui.signin.refused": {
        "en": "The app listens on {address}, which other computers can reach, and no sign-in is configured. "
        "It runs without sign-in only on a loopback address (127.0.0.1, ::1 or localhost). Configure "
        "[auth] in .streamlit/secrets.toml (see docs/access.md, “Signing in”), or bind the server to "
        "127.0.0.1 (server.address).",
        "zh": "应用正在监听 {address}，其他计算机可以访问，但未配置登录。仅当绑定到本机回环地址"
        "（127.0.0.1、::1 或 localhost）时才可免登录运行。请在 .streamlit/secrets.toml 中配置 [auth]"
        "（见 docs/access.md 的“Signing in”一节），或将服务器绑定到 127.0.0.1（server.address）。",
    },
    "ui.signin.all_interfaces": {"en": "all network interfaces", "zh": "所有网络接口"},
    "ui.signin.unknown_title": {"en": "No access", "zh": "无权访问"},
    "ui.signin.identity": {
        "en": "Signed in at the identity provider as {who}.",
        "zh": "已在身份提供方以 {who} 身份登录。",
    },
    "ui.signin.signed_in": {
        "en": "Signed in as {name} ({role}{organisation})",
        "zh": "当前用户：{name}（{role}{organisation}）",
    },
    "ui.signin.act_as": {"en": "Act as (local demo)", "zh": "切换身份（本地演示）"},
    "ui.signin.act_as_help": {
        "en": "The app runs on this computer without sign-in. Try the roles with the demo users; a shared "
        "deployment signs people in instead (docs/access.md).",
        "zh": "应用在本机免登录运行。可用演示用户体验各角色；共享部署则要求用户登录（见 docs/access.md）。",
    },
    "ui.signin.principal_label": {"en": "{name} · {role}", "zh": "{name} · {role}"},
    # ppp users ...
    "cli.users.header": {
        "en": "email\tname\trole\torganisation\taudits\tsubject",
        "zh": "电子邮箱\t姓名\t角色\t机构\t审计范围\t主体标识",
    },
    "cli.users.none": {"en": "No users.", "zh": "没有用户。"},
    "cli.users.added": {
        "en": "Added {email} ({role}) as user {id}.",
        "zh": "已添加用户 {email}（{role}），编号 {id}。",
    },
    "cli.users.scoped": {
        "en": "{email} now audits: {bodies}.",
        "zh": "{email} 的审计范围现为：{bodies}。",
    },
}
