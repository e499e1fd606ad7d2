#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace sk::cli {

// "storekeeper [options]" without a command: the desktop application, plus
// --help and --version, which need no window.
class DesktopCommand {
    Q_DECLARE_TR_FUNCTIONS(DesktopCommand)

public:
    // True when the arguments only ask for --help or --version, so neither a
    // window nor a display is needed. Read from the raw arguments, before
    // the application object (QApplication or QCoreApplication) is chosen.
    static bool wantsInformationOnly(const QStringList &arguments);
    // False when there is evidently no display to open a window on (no X11
    // or Wayland session and no QT_QPA_PLATFORM), so that the program can say
    // so instead of aborting inside Qt.
    static bool displayIsAvailable(const QStringList &arguments);

    // app is a QApplication unless wantsInformationOnly() or there is no display.
    static int run(QCoreApplication &app, qint64 processStartMsecsSinceEpoch);

    static int reportUnknownCommand(const QString &command);
};

} // namespace sk::cli
