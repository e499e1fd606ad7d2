#pragma once

#include "db/Database.h"
#include "db/DatabaseUrl.h"

#include <QTemporaryDir>
#include <memory>

namespace sk::test {

// A fresh database for one test: a file in a temporary folder, or, when
// STOREKEEPER_TEST_BACKEND=postgres, a new database created on the server
// named by STOREKEEPER_TEST_PG_URL and dropped afterwards. On PostgreSQL a
// Migrated one is copied from a template migrated once per test process
// (CREATE DATABASE ... TEMPLATE), since running every migration for every
// test case costs seconds each; an Empty one has no tables at all, for the
// tests of the migrations themselves.
class TestDatabase {
public:
    enum class Contents { Migrated, Empty };

    explicit TestDatabase(Contents contents = Contents::Migrated);
    ~TestDatabase();

    bool isPostgres() const { return m_url.isPostgres(); }
    const DatabaseUrl &url() const { return m_url; }
    // Empty when the database could be set up; otherwise why not (the test
    // should QFAIL with it: a PostgreSQL test that cannot run is a failure).
    QString problem() const { return m_problem; }

    // Opens the database through the normal path (migrations applied).
    std::shared_ptr<Database> open(Database::Options options = {});

private:
    QTemporaryDir m_dir;
    DatabaseUrl m_url;
    DatabaseUrl m_server;
    QString m_problem;
};

bool usePostgres();

} // namespace sk::test

// In init(): QVERIFY2-style guard that fails (never skips) a test whose
// database could not be prepared.
#define SK_REQUIRE_DATABASE(testDatabase) \
    QVERIFY2((testDatabase).problem().isEmpty(), qPrintable((testDatabase).problem()))
