#include "DesktopController.h"

#include "MainWindow.h"
#include "auth/AuthService.h"
#include "auth/Permissions.h"
#include "auth/SetupDialog.h"
#include "auth/SignInDialog.h"
#include "catalog/CatalogPage.h"
#include "common/ErrorMessageBox.h"
#include "common/Screenshot.h"
#include "reports/ReportsPage.h"
#include "reviews/ReviewsPage.h"
#include "orders/OrdersPage.h"
#include "customers/CustomersPage.h"
#include "inventory/InventoryPage.h"
#include "register/RegisterPage.h"
#include "sales/CheckoutService.h"
#include "shop/SettingsService.h"
#include "users/UsersPage.h"
#include "ProductTableModel.h"
#include "StockLevelTableModel.h"
#include "UserTableModel.h"

#include <QCoreApplication>
#include <QCoro/QCoroFuture>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QFile>
#include <QMessageBox>
#include <QTextStream>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <functional>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sk {

namespace {

// How long a screenshot waits for a page's data before taking it anyway.
constexpr auto PageLoadTimeout = 5s;

// Waits until a page says its data is there (or failed to come), at most
// PageLoadTimeout, so a screenshot shows the data rather than "Loading".
template<typename PageWidget, typename Failing = QObject>
void waitForPage(PageWidget *page, void (PageWidget::*loaded)(), Failing *model = nullptr,
                 void (Failing::*failed)(const QString &, const QString &) = nullptr)
{
    QEventLoop loop;
    QTimer::singleShot(PageLoadTimeout, &loop, &QEventLoop::quit);
    QObject::connect(page, loaded, &loop, &QEventLoop::quit);
    if (model && failed)
        QObject::connect(model, failed, &loop, &QEventLoop::quit);
    loop.exec();
}

// When the process started, from /proc (for a caller that did not pass it).
qint64 processStartFromProc()
{
    QFile stat(u"/proc/self/stat"_s);
    QFile systemStat(u"/proc/stat"_s);
    if (!stat.open(QIODevice::ReadOnly) || !systemStat.open(QIODevice::ReadOnly))
        return 0;
    // Field 22 (starttime, clock ticks after boot) follows the ")" that ends the command name.
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    constexpr int StartTimeIndex = 22 - 3;
    if (fields.size() <= StartTimeIndex)
        return 0;
    const qint64 startTicks = fields.at(StartTimeIndex).toLongLong();
    qint64 bootSeconds = 0;
    const QList<QByteArray> lines = systemStat.readAll().split('\n');
    for (const QByteArray &entry : lines)
        if (entry.startsWith("btime "))
            bootSeconds = entry.mid(6).trimmed().toLongLong();
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    if (bootSeconds == 0 || ticksPerSecond <= 0)
        return 0;
    return bootSeconds * 1000 + startTicks * 1000 / ticksPerSecond;
}

// Reports once, after the first paint of `window` (or one of its children) has been handled.
class FirstPaintWatcher : public QObject {
public:
    FirstPaintWatcher(QWidget *window, std::function<void()> done)
        : QObject(window), m_window(window), m_done(std::move(done))
    {
        QCoreApplication::instance()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (!m_seen && event->type() == QEvent::Paint && watched->isWidgetType()
            && static_cast<QWidget *>(watched)->window() == m_window) {
            m_seen = true;
            QCoreApplication::instance()->removeEventFilter(this);
            // Queued: the paint being filtered has not happened yet.
            QTimer::singleShot(0, this, [this] { m_done(); });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget *m_window;
    std::function<void()> m_done;
    bool m_seen = false;
};

} // namespace

DesktopController::DesktopController(const Services &services, const DesktopOptions &options, QObject *parent)
    : QObject(parent), m_services(services), m_options(options)
{
}

DesktopController::~DesktopController()
{
    delete m_main;
    delete m_signIn;
    delete m_setup;
}

SetupDialog *DesktopController::setupDialog() const
{
    return m_setup;
}

SignInDialog *DesktopController::signInDialog() const
{
    return m_signIn;
}

MainWindow *DesktopController::mainWindow() const
{
    return m_main;
}

void DesktopController::start()
{
    QTimer::singleShot(0, this, [this] { begin(); });
}

bool DesktopController::unattended() const
{
    return !m_options.screenshotDir.isEmpty() || m_options.exitAfterFirstPaint;
}

void DesktopController::printLine(const QString &line) const
{
    QTextStream out(stdout);
    out << line << Qt::endl;
}

QCoro::Task<> DesktopController::begin()
{
    QPointer<DesktopController> guard(this);
    const QFuture<Result<bool>> asking = m_services.auth->needsSetup();
    const Result<bool> needsSetup = co_await asking;
    if (!guard)
        co_return;
    if (!needsSetup) {
        fail(tr("Storekeeper"), needsSetup.error());
        co_return;
    }
    if (needsSetup.value())
        showSetup();
    else
        showSignIn(false);
}

void DesktopController::showSetup()
{
    m_setup = new SetupDialog(m_services.auth);
    connect(m_setup, &QDialog::accepted, this, [this] {
        const Session session = m_setup->session();
        m_setup->deleteLater();
        openMainWindow(session);
    });
    connect(m_setup, &QDialog::rejected, this, [this] { finish(0); });
    if (m_options.exitAfterFirstPaint)
        reportFirstPaint(m_setup);
    m_setup->show();
    if (!m_options.screenshotDir.isEmpty()) {
        const QString path = saveScreenshot(m_setup, m_options.screenshotDir, u"setup-dialog"_s);
        if (!path.isEmpty())
            printLine(path);
        std::fputs(qPrintable(tr("This database holds no shop yet, so only the setup dialog could be "
                                 "photographed. Fill it with demo data first (storekeeper demo).\n")),
                   stderr);
        finish(1);
    }
}

void DesktopController::showSignIn(bool switchingUser)
{
    m_signIn = new SignInDialog(m_services.auth);
    if (switchingUser)
        m_signIn->setEmail(QString());
    connect(m_signIn, &QDialog::accepted, this, [this] {
        const Session session = m_signIn->session();
        m_signIn->deleteLater();
        openMainWindow(session);
    });
    connect(m_signIn, &QDialog::rejected, this, [this] { finish(0); });

    const bool autoSignIn = !m_autoSignInTried && !m_options.signInEmail.isEmpty()
                            && !m_options.signInPassword.isEmpty();
    if (!m_autoSignInTried && !m_options.signInEmail.isEmpty()) {
        m_signIn->setMode(SignInDialog::Mode::Password);
        m_signIn->setEmail(m_options.signInEmail);
    }
    if (m_options.exitAfterFirstPaint && !autoSignIn)
        reportFirstPaint(m_signIn);
    m_signIn->show();

    if (!m_options.screenshotDir.isEmpty() && !m_autoSignInTried) {
        const QString path = saveScreenshot(m_signIn, m_options.screenshotDir, u"signin"_s);
        if (!path.isEmpty())
            printLine(path);
        if (!autoSignIn) {
            finish(0);
            return;
        }
    }
    if (autoSignIn) {
        m_autoSignInTried = true;
        if (unattended()) {
            connect(m_signIn, &SignInDialog::attemptFinished, this, [this](bool succeeded) {
                if (!succeeded) {
                    std::fputs(qPrintable(m_signIn->message() + u'\n'), stderr);
                    finish(1);
                }
            });
        }
        m_signIn->setSecret(m_options.signInPassword);
        m_signIn->signIn();
    }
}

QCoro::Task<> DesktopController::openMainWindow(Session session)
{
    QPointer<DesktopController> guard(this);
    const QFuture<Result<ShopSettings>> loading = m_services.settings->load();
    const Result<ShopSettings> settings = co_await loading;
    if (!guard)
        co_return;
    if (!settings) {
        fail(tr("Storekeeper"), settings.error());
        co_return;
    }
    m_main = new MainWindow(m_services, session, settings.value());
    m_main->setAttribute(Qt::WA_DeleteOnClose, false);
    connect(m_main, &MainWindow::switchUserRequested, this, &DesktopController::switchUser);
    connect(m_main, &MainWindow::closed, this, [this] { finish(0); });
    if (m_options.exitAfterFirstPaint)
        reportFirstPaint(m_main);
    m_main->show();
    if (!m_options.screenshotDir.isEmpty())
        QTimer::singleShot(0, this, &DesktopController::takeScreenshots);
    // Once per run, by the first signed-in user who may use the register:
    // sales a crash or power cut interrupted are finished or handed back.
    if (!m_recoveryStarted && isAllowed(session.role, Permission::UseRegister) && m_services.checkout) {
        m_recoveryStarted = true;
        recoverInterruptedSales(session);
    }
}

QCoro::Task<> DesktopController::recoverInterruptedSales(Session session)
{
    QPointer<DesktopController> guard(this);
    QCoro::Task<Result<InterruptedSales>> recovering = m_services.checkout->recoverInterruptedSales(session);
    const Result<InterruptedSales> recovered = co_await recovering;
    if (!guard || !m_main || unattended())
        co_return;
    if (!recovered) {
        showErrorMessage(m_main, tr("Interrupted sales"), recovered.error());
        co_return;
    }
    QStringList lines;
    if (!recovered->completed.isEmpty()) {
        QStringList numbers;
        for (const CompletedSale &sale : recovered->completed)
            numbers.append(sale.orderNumber);
        lines.append(tr("Finished %n paid sale(s) that were interrupted: %1.", nullptr,
                        int(recovered->completed.size()))
                         .arg(numbers.join(u", "_s)));
    }
    if (!recovered->cartsWithPayments.isEmpty())
        lines.append(tr("%n partly paid sale(s) are back at their register: finish them or void the payments.",
                        nullptr, int(recovered->cartsWithPayments.size())));
    if (recovered->paymentsFailed > 0)
        lines.append(tr("%n card payment(s) the gateway had not approved were marked failed.", nullptr,
                        recovered->paymentsFailed));
    if (recovered->paymentsStillPending > 0)
        lines.append(tr("%n card payment(s) could not be checked because the gateway cannot be reached; they are "
                        "checked again at the next start.",
                        nullptr, recovered->paymentsStillPending));
    if (lines.isEmpty())
        co_return;
    auto *box = new QMessageBox(QMessageBox::Information, tr("Interrupted sales"), lines.join(u"\n"_s),
                                QMessageBox::Ok, m_main);
    box->setObjectName(u"recoveryMessage"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void DesktopController::switchUser()
{
    if (!m_main)
        return;
    MainWindow *previous = m_main;
    m_main = nullptr;
    previous->hide();
    previous->deleteLater();
    showSignIn(true);
}

void DesktopController::takeScreenshots()
{
    if (!m_main)
        return;
    QPointer<MainWindow> window = m_main;
    for (Page page : m_main->pages()) {
        window->showPage(page);
        if (page == Page::Users && window->usersPage()) {
            UserTableModel *model = window->usersPage()->model();
            if (!model->hasLoadedFirstPage()) {
                QEventLoop loop;
                QTimer::singleShot(PageLoadTimeout, &loop, &QEventLoop::quit);
                connect(model, &UserTableModel::pageLoaded, &loop, &QEventLoop::quit);
                connect(model, &UserTableModel::loadFailed, &loop, &QEventLoop::quit);
                loop.exec();
            }
        }
        if (auto *catalog = qobject_cast<CatalogPage *>(window->pageWidget(Page::Catalog));
            page == Page::Catalog && catalog && !catalog->hasLoaded())
            waitForPage(catalog, &CatalogPage::loaded, catalog->model(), &ProductTableModel::loadFailed);
        if (auto *registerPage = qobject_cast<RegisterPage *>(window->pageWidget(Page::Register));
            page == Page::Register && registerPage && !registerPage->hasLoaded())
            waitForPage(registerPage, &RegisterPage::loaded);
        if (auto *inventory = qobject_cast<InventoryPage *>(window->pageWidget(Page::Inventory));
            page == Page::Inventory && inventory && !inventory->hasLoaded())
            waitForPage(inventory, &InventoryPage::loaded, inventory->model(), &StockLevelTableModel::loadFailed);
        if (auto *orders = qobject_cast<OrdersPage *>(window->pageWidget(Page::Orders));
            page == Page::Orders && orders && !orders->hasLoaded())
            waitForPage(orders, &OrdersPage::loaded);
        if (auto *customers = qobject_cast<CustomersPage *>(window->pageWidget(Page::Customers));
            page == Page::Customers && customers && !customers->hasLoaded())
            waitForPage(customers, &CustomersPage::loaded);
        if (auto *reviews = qobject_cast<ReviewsPage *>(window->pageWidget(Page::Reviews));
            page == Page::Reviews && reviews && !reviews->hasLoaded())
            waitForPage(reviews, &ReviewsPage::loaded);
        if (auto *reports = qobject_cast<ReportsPage *>(window->pageWidget(Page::Reports));
            page == Page::Reports && reports && !reports->hasLoaded())
            waitForPage(reports, &ReportsPage::loaded);
        if (!window)
            return;
        const QString path = saveScreenshot(window, m_options.screenshotDir, u"main-"_s + pageKey(page));
        if (path.isEmpty()) {
            std::fputs(qPrintable(tr("Could not write a screenshot into %1.\n").arg(m_options.screenshotDir)), stderr);
            finish(1);
            return;
        }
        printLine(path);
    }
    window->lock();
    const QString path = saveScreenshot(window, m_options.screenshotDir, u"main-locked"_s);
    if (!path.isEmpty())
        printLine(path);
    finish(0);
}

void DesktopController::reportFirstPaint(QWidget *window)
{
    new FirstPaintWatcher(window, [this] {
        const qint64 start = m_options.processStartMsecsSinceEpoch > 0 ? m_options.processStartMsecsSinceEpoch
                                                                        : processStartFromProc();
        const qint64 elapsed = start > 0 ? QDateTime::currentMSecsSinceEpoch() - start : -1;
        printLine(u"first-paint-ms %1"_s.arg(elapsed));
        finish(0);
    });
}

void DesktopController::fail(const QString &title, const Error &error)
{
    if (unattended()) {
        std::fputs(qPrintable(error.message + u'\n' + error.details + u'\n'), stderr);
        finish(1);
        return;
    }
    QMessageBox *box = showErrorMessage(nullptr, title, error);
    connect(box, &QDialog::finished, this, [this] { finish(1); });
}

void DesktopController::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    emit finished(exitCode);
}

} // namespace sk
