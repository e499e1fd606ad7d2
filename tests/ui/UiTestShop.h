#pragma once

// A shop in a fresh temporary database for one UI test: an administrator and
// a clerk (with a register PIN), created through the services with a cheap
// password hasher so that signing in takes milliseconds.

#include "Services.h"
#include "TestDatabase.h"
#include "auth/AuthService.h"
#include "auth/UserService.h"
#include "common/Screenshot.h"
#include "db/Database.h"
#include "shop/SettingsService.h"

#include <QApplication>
#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QWidget>

namespace sk::test {

inline PasswordHasher cheapHasher()
{
    return PasswordHasher({10, 8, 1});
}

inline const QString AdminEmail = QStringLiteral("owner@corner.shop");
inline const QString AdminPassword = QStringLiteral("Correct-horse-42");
inline const QString ClerkEmail = QStringLiteral("clara@corner.shop");
inline const QString ClerkPassword = QStringLiteral("Tall-ladder-77");
inline const QString ClerkPin = QStringLiteral("4826");
inline const QString ShopName = QStringLiteral("Corner Shop");

// The offscreen platform warns about every window it cannot resize; the
// warning says nothing about the code under test and hides what does.
inline void quietenOffscreenPlatform()
{
    static QtMessageHandler previous = nullptr;
    previous = qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (message.startsWith(QLatin1String("This plugin does not support ")))
            return;
        if (previous)
            previous(type, context, message);
    });
}

// Keeps QSettings (remembered e-mail addresses) out of the user's own files
// and apart from other test processes running at the same time.
inline void isolateSettings()
{
    quietenOffscreenPlatform();
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("StorekeeperTests"));
    QCoreApplication::setApplicationName(QStringLiteral("storekeeper-ui-tests"));
    static QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
}

// Saves widget as NAME.png into STOREKEEPER_SCREENSHOT_DIR when it is set.
inline void saveScreenshotIfWanted(QWidget *widget, const QString &name)
{
    const QString dir = screenshotDirFromEnvironment();
    if (!dir.isEmpty())
        saveScreenshot(widget, dir, name);
}

class UiTestShop {
public:
    // Opens the database; with setUp, also creates the shop and its staff.
    // problem() says what went wrong.
    bool open(bool setUp = true)
    {
        if (!m_testDatabase.problem().isEmpty())
            return fail(m_testDatabase.problem());
        database = m_testDatabase.open();
        if (!database)
            return fail(m_testDatabase.problem());
        services = Services::create(database, cheapHasher());
        if (!setUp)
            return true;

        settings.shopName = ShopName;
        settings.address = QStringLiteral("1 Market Street\nSpringfield");
        settings.currency = QStringLiteral("EUR");
        NewUser owner;
        owner.email = AdminEmail;
        owner.password = AdminPassword;
        owner.firstName = QStringLiteral("Olivia");
        owner.lastName = QStringLiteral("Owner");
        owner.role = Role::Admin;
        const Result<Session> adminSession = Database::wait(services.auth->setUpShop(settings, owner));
        if (!adminSession)
            return fail(adminSession.error().message);
        admin = adminSession.value();

        NewUser clerkUser;
        clerkUser.email = ClerkEmail;
        clerkUser.password = ClerkPassword;
        clerkUser.firstName = QStringLiteral("Clara");
        clerkUser.lastName = QStringLiteral("Clerk");
        clerkUser.role = Role::Clerk;
        const Result<User> created = Database::wait(services.users->create(admin, clerkUser));
        if (!created)
            return fail(created.error().message);
        const Status pinSet = Database::wait(services.users->setPin(admin, created->id, ClerkPin));
        if (!pinSet)
            return fail(pinSet.error().message);
        const Result<Session> clerkSession = Database::wait(services.auth->signIn(ClerkEmail, ClerkPassword));
        if (!clerkSession)
            return fail(clerkSession.error().message);
        clerk = clerkSession.value();
        const Result<ShopSettings> stored = Database::wait(services.settings->load());
        if (!stored)
            return fail(stored.error().message);
        settings = stored.value();
        return true;
    }

    // A vendor account (with a new vendor) for role tests.
    Result<Session> addVendor()
    {
        NewUser vendor;
        vendor.email = QStringLiteral("vic@acme.example");
        vendor.password = QStringLiteral("Vendor-pass-333");
        vendor.firstName = QStringLiteral("Vic");
        vendor.lastName = QStringLiteral("Vendor");
        vendor.role = Role::Vendor;
        vendor.vendorName = QStringLiteral("Acme Tools");
        const Result<User> created = Database::wait(services.users->create(admin, vendor));
        if (!created)
            return created.error();
        return Database::wait(services.auth->signIn(vendor.email, vendor.password));
    }

    QString problem() const { return m_problem; }

    std::shared_ptr<Database> database;
    Services services;
    Session admin;
    Session clerk;
    ShopSettings settings;

private:
    bool fail(const QString &problem)
    {
        m_problem = problem;
        return false;
    }

    TestDatabase m_testDatabase;
    QString m_problem;
};

} // namespace sk::test

#define SK_REQUIRE_SHOP(shop, setUp) QVERIFY2((shop).open(setUp), qPrintable((shop).problem()))
