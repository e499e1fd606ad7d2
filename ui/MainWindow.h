#pragma once

#include "Navigation.h"
#include "Services.h"
#include "auth/Session.h"
#include "shop/ShopSettings.h"

#include <QMap>
#include <QMainWindow>
#include <chrono>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace sk {

class IdleMonitor;
class LockScreen;
class SettingsPage;
class UsersPage;

// The back office after sign-in: a sidebar of the pages the signed-in role
// may use (Ctrl+1 … Ctrl+9 in sidebar order), the pages themselves, and a
// status bar saying which shop, database and user this is. Locks itself
// after the shop's idle time; File ▸ Switch user hands over to sign-in.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(const Services &services, const Session &session, const ShopSettings &shop,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    const Session &session() const { return m_session; }
    const ShopSettings &shopSettings() const { return m_shop; }

    QList<Page> pages() const { return m_pages; }
    Page currentPage() const;
    bool showPage(Page page);
    QWidget *pageWidget(Page page) const { return m_pageWidgets.value(page); }
    // Null when the role may not open that page.
    UsersPage *usersPage() const { return m_usersPage; }
    SettingsPage *settingsPage() const { return m_settingsPage; }
    QListWidget *sidebar() const { return m_sidebar; }
    LockScreen *lockScreen() const { return m_lockScreen; }

    bool isLocked() const;
    // Overrides the shop's idle minutes (tests use milliseconds).
    void setIdleLockTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds idleLockTimeout() const;

public slots:
    void lock();
    void unlock();
    void showAbout();

signals:
    void switchUserRequested();
    void closed();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildPages();
    void buildMenus();
    void buildStatusBar();
    void applyShopSettings(const ShopSettings &settings);
    QWidget *createPage(Page page);

    Services m_services;
    Session m_session;
    ShopSettings m_shop;
    QList<Page> m_pages;
    QMap<Page, QWidget *> m_pageWidgets;
    QList<QAction *> m_pageActions;
    QStackedWidget *m_screens;
    QWidget *m_workspace;
    QListWidget *m_sidebar;
    QStackedWidget *m_stack;
    LockScreen *m_lockScreen;
    IdleMonitor *m_idle;
    UsersPage *m_usersPage = nullptr;
    SettingsPage *m_settingsPage = nullptr;
    QLabel *m_shopLabel;
    QLabel *m_databaseLabel;
    QLabel *m_userLabel;
    QAction *m_lockAction = nullptr;
};

} // namespace sk
