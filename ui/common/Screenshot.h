#pragma once

#include <QString>

class QWidget;

namespace sk {

// Saves widget->grab() as dir/name.png (creating dir) and returns the file's
// path, or an empty string when it could not be written.
QString saveScreenshot(QWidget *widget, const QString &dir, const QString &name);

// The folder named by STOREKEEPER_SCREENSHOT_DIR, or empty: UI tests save
// the screens they show there.
QString screenshotDirFromEnvironment();

} // namespace sk
