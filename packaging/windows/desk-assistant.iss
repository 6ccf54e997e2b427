; UNTESTED (written on Linux, never compiled): Inno Setup 6 script for the Windows installer.
; Build the folder first (packaging/desk-assistant-windows.spec), then, from the repository root:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\desk-assistant.iss
; Result: dist\DeskAssistant-0.1.0-setup.exe. It installs for the current user without administrator
; rights (or for everyone, when the user picks that), adds Start menu entries and an optional desktop
; icon, and uninstalls cleanly; conversations and models in %LOCALAPPDATA%\desk-assistant are kept.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Desk Assistant"
#define WindowExe "Desk Assistant.exe"
#define SourceDir "..\..\dist\desk-assistant"

[Setup]
; the same AppId in every release, so that a new version replaces the old one
AppId={{01E9ECBE-B096-4F3E-9F2A-BB2177FC480D}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=DeskAssistant-{#AppVersion}-setup
; the icon PyInstaller made from resources/icons/desk-assistant.svg sits in the window program
SetupIconFile=..\..\build\icons\desk-assistant.ico
UninstallDisplayIcon={app}\{#WindowExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; files of an older version that this one no longer has (a dependency dropped, a library renamed)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#WindowExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#WindowExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#WindowExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
