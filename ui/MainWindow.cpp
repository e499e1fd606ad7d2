#include "MainWindow.h"

#include "auth/IdleMonitor.h"
#include "auth/LockScreen.h"
#include "catalog/CatalogPage.h"
#include "common/PlaceholderPage.h"
#include "customers/CustomersPage.h"
#include "db/Database.h"
#include "inventory/InventoryPage.h"
#include "orders/OrdersPage.h"
#include "register/RegisterPage.h"
#include "reports/ReportsPage.h"
#include "notifications/NotificationsPage.h"
#include "reviews/ReviewsPage.h"
#include "settings/SettingsPage.h"
#include "users/UsersPage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sk {

namespace {

constexpr int PageShortcutCount = 9;

QStyle::StandardPixmap pageIcon(Page page)
{
    switch (page) {
    case Page::Register: return QStyle::SP_ComputerIcon;
    case Page::Catalog: return QStyle::SP_FileDialogDetailedView;
    case Page::Inventory: return QStyle::SP_DriveHDIcon;
    case Page::Orders: return QStyle::SP_FileDialogContentsView;
    case Page::Customers: return QStyle::SP_DirHomeIcon;
    case Page::Reviews: return QStyle::SP_MessageBoxInformation;
    case Page::Reports: return QStyle::SP_FileDialogInfoView;
    case Page::Users: return QStyle::SP_DirIcon;
    case Page::Notifications: return QStyle::SP_MessageBoxWarning;
    case Page::Settings: return QStyle::SP_FileDialogListView;
    }
    return QStyle::SP_FileIcon;
}

std::chrono::milliseconds idleTimeoutFor(const ShopSettings &settings)
{
    return std::chrono::minutes(settings.idleLockMinutes);
}

} // namespace

MainWindow::MainWindow(const Services &services, const Session &session, const ShopSettings &shop, QWidget *parent)
    : QMainWindow(parent),
      m_services(services),
      m_session(session),
      m_shop(shop),
      m_pages(pagesFor(session.role)),
      m_screens(new QStackedWidget(this)),
      m_workspace(new QWidget(this)),
      m_sidebar(new QListWidget(this)),
      m_stack(new QStackedWidget(this)),
      m_lockScreen(new LockScreen(services.auth, this)),
      m_idle(new IdleMonitor(this)),
      m_shopLabel(new QLabel(this)),
      m_databaseLabel(new QLabel(this)),
      m_userLabel(new QLabel(this))
{
    setObjectName(u"mainWindow"_s);
    m_sidebar->setObjectName(u"sidebar"_s);
    m_stack->setObjectName(u"pages"_s);

    // The sidebar sits on a panel a shade darker than the pages, with room
    // around its entries.
    auto *sidebarPanel = new QWidget(this);
    sidebarPanel->setObjectName(u"sidebarPanel"_s);
    sidebarPanel->setAutoFillBackground(true);
    QPalette panelPalette = sidebarPanel->palette();
    panelPalette.setColor(QPalette::Window, panelPalette.color(QPalette::Window).darker(106));
    sidebarPanel->setPalette(panelPalette);
    auto *sidebarLayout = new QVBoxLayout(sidebarPanel);
    sidebarLayout->setContentsMargins(6, 8, 6, 8);
    sidebarLayout->addWidget(m_sidebar);

    auto *workspaceLayout = new QHBoxLayout(m_workspace);
    workspaceLayout->setContentsMargins(0, 0, 0, 0);
    workspaceLayout->setSpacing(0);
    workspaceLayout->addWidget(sidebarPanel);
    workspaceLayout->addWidget(m_stack, 1);
    m_screens->addWidget(m_workspace);
    m_screens->addWidget(m_lockScreen);
    setCentralWidget(m_screens);

    buildPages();
    buildMenus();
    buildStatusBar();

    m_lockScreen->setSession(m_session);
    connect(m_lockScreen, &LockScreen::unlocked, this, &MainWindow::unlock);
    connect(m_lockScreen, &LockScreen::switchUserRequested, this, &MainWindow::switchUserRequested);
    connect(m_idle, &IdleMonitor::idle, this, &MainWindow::lock);

    applyShopSettings(m_shop);
    m_idle->restart();
    resize(1100, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildPages()
{
    const int iconExtent = style()->pixelMetric(QStyle::PM_SmallIconSize) + 4;
    m_sidebar->setIconSize(QSize(iconExtent, iconExtent));
    m_sidebar->setSpacing(2);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setAccessibleName(tr("Pages"));
    QPalette sidebarPalette = m_sidebar->palette();
    // Same shade as the panel around it (its Window colour, inherited).
    sidebarPalette.setColor(QPalette::Base, sidebarPalette.color(QPalette::Window));
    m_sidebar->setPalette(sidebarPalette);

    int widest = 0;
    for (int i = 0; i < m_pages.size(); ++i) {
        const Page page = m_pages.at(i);
        QWidget *widget = createPage(page);
        widget->setObjectName(widget->objectName().isEmpty() ? pageKey(page) + u"Page"_s : widget->objectName());
        m_pageWidgets.insert(page, widget);
        m_stack->addWidget(widget);

        auto *item = new QListWidgetItem(style()->standardIcon(pageIcon(page)), pageTitle(page), m_sidebar);
        item->setSizeHint(QSize(0, iconExtent + 14));
        item->setData(Qt::UserRole, int(page));
        widest = std::max(widest, m_sidebar->fontMetrics().horizontalAdvance(pageTitle(page)));
        if (auto *inventory = qobject_cast<InventoryPage *>(widget)) {
            // The low stock count shows on the entry before the page is opened.
            widest = std::max(widest, m_sidebar->fontMetrics().horizontalAdvance(pageTitleWithBadge(page, 999)));
            connect(inventory, &InventoryPage::lowStockCountChanged, this,
                    [item, page](qint64 count) { item->setText(pageTitleWithBadge(page, count)); });
            inventory->refreshLowStockCount();
        }
        if (i < PageShortcutCount) {
            auto *action = new QAction(style()->standardIcon(pageIcon(page)), pageTitle(page), this);
            action->setObjectName(u"goTo_"_s + pageKey(page));
            action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
            action->setShortcutContext(Qt::WindowShortcut);
            connect(action, &QAction::triggered, this, [this, page] { showPage(page); });
            addAction(action);
            m_pageActions.append(action);
            item->setToolTip(tr("%1 (%2)").arg(pageTitle(page), action->shortcut().toString(QKeySequence::NativeText)));
        } else {
            item->setToolTip(pageTitle(page));
        }
    }
    m_sidebar->setFixedWidth(widest + iconExtent + 56);
    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    if (!m_pages.isEmpty())
        m_sidebar->setCurrentRow(0);
}

QWidget *MainWindow::createPage(Page page)
{
    switch (page) {
    case Page::Register: return new RegisterPage(m_services, m_session, this);
    case Page::Catalog: return new CatalogPage(m_services, m_session, this);
    case Page::Inventory: return new InventoryPage(m_services, m_session, this);
    case Page::Orders: return new OrdersPage(m_services, m_session, this);
    case Page::Customers: return new CustomersPage(m_services, m_session, this);
    case Page::Reviews: return new ReviewsPage(m_services, m_session, this);
    case Page::Reports: return new ReportsPage(m_services, m_session, this);
    case Page::Notifications: return new NotificationsPage(m_services, m_session, this);
    case Page::Users:
        m_usersPage = new UsersPage(m_services, m_session, this);
        return m_usersPage;
    case Page::Settings:
        m_settingsPage = new SettingsPage(m_services, m_session, m_shop, this);
        connect(m_settingsPage, &SettingsPage::settingsSaved, this, &MainWindow::applyShopSettings);
        return m_settingsPage;
    default:
        return new PlaceholderPage(pageTitle(page), pageSummary(page), this);
    }
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *switchUser = file->addAction(tr("S&witch user…"), this, &MainWindow::switchUserRequested);
    switchUser->setObjectName(u"switchUserAction"_s);
    switchUser->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_lockAction = file->addAction(tr("&Lock"), this, &MainWindow::lock);
    m_lockAction->setObjectName(u"lockAction"_s);
    m_lockAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(u"quitAction"_s);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    go->addActions(m_pageActions);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Storekeeper"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::buildStatusBar()
{
    m_shopLabel->setObjectName(u"shopLabel"_s);
    m_databaseLabel->setObjectName(u"databaseLabel"_s);
    m_userLabel->setObjectName(u"userLabel"_s);
    m_databaseLabel->setText(tr("Database: %1").arg(m_services.database->url().displayName()));
    m_databaseLabel->setToolTip(m_services.database->url().displayName());
    m_userLabel->setText(tr("%1 · %2").arg(m_session.displayName.isEmpty() ? m_session.email : m_session.displayName,
                                           roleDisplayName(m_session.role)));
    m_userLabel->setToolTip(m_session.email);
    statusBar()->addWidget(m_shopLabel);
    statusBar()->addWidget(m_databaseLabel, 1);
    statusBar()->addPermanentWidget(m_userLabel);
}

void MainWindow::applyShopSettings(const ShopSettings &settings)
{
    m_shop = settings;
    m_shopLabel->setText(settings.shopName);
    setWindowTitle(tr("%1 – Storekeeper").arg(settings.shopName));
    m_idle->setTimeout(idleTimeoutFor(settings));
}

Page MainWindow::currentPage() const
{
    const int row = m_sidebar->currentRow();
    return row >= 0 && row < m_pages.size() ? m_pages.at(row) : Page::Register;
}

bool MainWindow::showPage(Page page)
{
    const int row = int(m_pages.indexOf(page));
    if (row < 0 || isLocked())
        return false;
    m_sidebar->setCurrentRow(row);
    return true;
}

bool MainWindow::isLocked() const
{
    return m_screens->currentWidget() == m_lockScreen;
}

void MainWindow::setIdleLockTimeout(std::chrono::milliseconds timeout)
{
    m_idle->setTimeout(timeout);
    if (!isLocked())
        m_idle->restart();
}

std::chrono::milliseconds MainWindow::idleLockTimeout() const
{
    return m_idle->timeout();
}

void MainWindow::lock()
{
    if (isLocked())
        return;
    m_idle->stop();
    // Dialogs of the pages (a half-typed new user) would stay usable above
    // the lock screen, so they go; what they held was not saved yet anyway.
    const QList<QDialog *> dialogs = findChildren<QDialog *>();
    for (QDialog *dialog : dialogs)
        if (dialog->isVisible())
            dialog->close();
    for (QAction *action : std::as_const(m_pageActions))
        action->setEnabled(false);
    m_lockAction->setEnabled(false);
    m_screens->setCurrentWidget(m_lockScreen);
    m_lockScreen->prepare();
}

void MainWindow::unlock()
{
    if (!isLocked())
        return;
    for (QAction *action : std::as_const(m_pageActions))
        action->setEnabled(true);
    m_lockAction->setEnabled(true);
    m_screens->setCurrentWidget(m_workspace);
    if (QWidget *page = m_stack->currentWidget())
        page->setFocus();
    m_idle->restart();
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(QMessageBox::Information, tr("About Storekeeper"),
                                tr("Storekeeper %1").arg(QString::fromLatin1(STOREKEEPER_VERSION)), QMessageBox::Ok, this);
    box->setInformativeText(tr("The back office and register of %1.\nBuilt with Qt %2.")
                                .arg(m_shop.shopName, QString::fromLatin1(qVersion())));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QMainWindow::closeEvent(event);
    if (event->isAccepted())
        emit closed();
}

} // namespace sk
