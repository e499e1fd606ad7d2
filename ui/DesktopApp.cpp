#include "DesktopApp.h"

#include "DesktopController.h"
#include "Services.h"

#include <QApplication>

namespace sk {

int runDesktop(QApplication &app, std::shared_ptr<Database> database, const DesktopOptions &options)
{
    return runDesktop(app, Services::create(std::move(database)), options);
}

int runDesktop(QApplication &app, const Services &services, const DesktopOptions &options)
{
    // Dialogs come and go between setup, sign-in and the main window; the
    // controller decides when the application ends, not the last window.
    const bool quitOnLastWindowClosed = QApplication::quitOnLastWindowClosed();
    QApplication::setQuitOnLastWindowClosed(false);
    int exitCode = 0;
    {
        DesktopController controller(services, options);
        QObject::connect(&controller, &DesktopController::finished, &app,
                         [&app](int code) { app.exit(code); }, Qt::QueuedConnection);
        controller.start();
        exitCode = app.exec();
    }
    QApplication::setQuitOnLastWindowClosed(quitOnLastWindowClosed);
    return exitCode;
}

} // namespace sk
