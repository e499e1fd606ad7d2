#pragma once

#include <QString>
#include <memory>

class QApplication;

namespace sk {

class Database;
struct Services;

struct DesktopOptions {
    QString screenshotDir;   // --screenshot DIR: save a PNG of every main screen, then quit
    QString signInEmail;     // optional automatic sign-in (screenshots, benchmark)
    QString signInPassword;
    bool exitAfterFirstPaint = false; // startup benchmark: print "first-paint-ms <n>" on stdout and quit
    qint64 processStartMsecsSinceEpoch = 0; // set by main from QDateTime at the top of main()
};

// Runs the desktop application on an existing QApplication: first-run setup
// when the shop has no administrator, then sign-in, then the main window.
// Returns the exit code for main().
int runDesktop(QApplication &app, std::shared_ptr<Database> database, const DesktopOptions &options);
// Same with services built by the caller (tests pass a cheap password hasher).
int runDesktop(QApplication &app, const Services &services, const DesktopOptions &options);

} // namespace sk
