#include "common/Screenshot.h"

#include <QCoreApplication>
#include <QDir>
#include <QPixmap>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace sk {

QString saveScreenshot(QWidget *widget, const QString &dir, const QString &name)
{
    if (!widget || dir.isEmpty() || !QDir().mkpath(dir))
        return {};
    // Layouts and lazily loaded rows settle on the next turns of the event loop.
    QCoreApplication::processEvents();
    const QString path = QDir(dir).absoluteFilePath(name + u".png"_s);
    if (!widget->grab().save(path, "PNG"))
        return {};
    return path;
}

QString screenshotDirFromEnvironment()
{
    return qEnvironmentVariable("STOREKEEPER_SCREENSHOT_DIR");
}

} // namespace sk
