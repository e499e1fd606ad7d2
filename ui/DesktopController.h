#pragma once

#include "DesktopApp.h"
#include "Services.h"
#include "auth/Session.h"
#include "core/Error.h"

#include <QCoro/QCoroTask>
#include <QObject>
#include <QPointer>

class QWidget;

namespace sk {

class MainWindow;
class SetupDialog;
class SignInDialog;

// Drives one run of the desktop application: setup when the shop has no
// administrator yet, sign-in, the main window, switching users; and the
// unattended variants (screenshots, startup benchmark). Owns the windows it
// opens. finished() carries the exit code.
class DesktopController : public QObject {
    Q_OBJECT

public:
    DesktopController(const Services &services, const DesktopOptions &options, QObject *parent = nullptr);
    ~DesktopController() override;

    // Begins on the next turn of the event loop.
    void start();

    SetupDialog *setupDialog() const;
    SignInDialog *signInDialog() const;
    MainWindow *mainWindow() const;

signals:
    void finished(int exitCode);

private:
    QCoro::Task<> begin();
    void showSetup();
    void showSignIn(bool switchingUser);
    QCoro::Task<> openMainWindow(Session session);
    QCoro::Task<> recoverInterruptedSales(Session session);
    void switchUser();
    void takeScreenshots();
    void reportFirstPaint(QWidget *window);
    void fail(const QString &title, const Error &error);
    void finish(int exitCode);
    bool unattended() const;
    void printLine(const QString &line) const;

    Services m_services;
    DesktopOptions m_options;
    QPointer<SetupDialog> m_setup;
    QPointer<SignInDialog> m_signIn;
    QPointer<MainWindow> m_main;
    bool m_autoSignInTried = false;
    bool m_finished = false;
    bool m_recoveryStarted = false;
};

} // namespace sk
