// storekeeper-test: postgres
#include "tst_inventory_fixture.h"

#include "sales/RegisterDirectory.h"
#include "sales/ShiftService.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;
using test::why;

namespace {

Money usd(qint64 cents)
{
    return Money(cents, u"USD");
}

} // namespace

class TestShiftService : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void openNeedsAFloatOfZeroOrMore_data();
    void openNeedsAFloatOfZeroOrMore();
    void oneOpenShiftPerRegister();
    void currentIsTheOpenShift();
    void cashInAndOutNeedAReasonAndAnAmount();
    void cashOutCannotExceedTheDrawer();
    void runningTotalsMakeTheXReport();
    void closeKeepsTheZReportWithTheDifference();
    void aClosedShiftRefusesEverything();
    void closeWaitsForAnUnfinishedSale();
    void reportSurvivesJson();
    void malformedReportJsonIsRefused();
    void registersAreListedAndAdded();
    void vendorsCannotUseShifts();

private:
    Result<Shift> open(const Money &openingFloat, qint64 registerId = 0);
    Status record(const std::function<Status(Connection &)> &job);

    test::InventoryFixture m_f;
    std::unique_ptr<ShiftService> m_shifts;
    qint64 m_register = 0;
};

void TestShiftService::init()
{
    QVERIFY2(m_f.setUp(), qPrintable(m_f.m_testDb ? m_f.m_testDb->problem() : QString()));
    m_shifts = std::make_unique<ShiftService>(m_f.m_db);
    m_register = m_f.scalar(u"SELECT id FROM registers WHERE code = 'R1'"_s).toLongLong();
    QVERIFY(m_register > 0);
}

void TestShiftService::cleanup()
{
    m_shifts.reset();
    m_f.tearDown();
}

Result<Shift> TestShiftService::open(const Money &openingFloat, qint64 registerId)
{
    return Database::wait(m_shifts->open(m_f.m_clerk, registerId ? registerId : m_register, openingFloat));
}

Status TestShiftService::record(const std::function<Status(Connection &)> &job)
{
    return Database::wait(m_f.m_db->write([job](Connection &connection) { return job(connection); }));
}

void TestShiftService::openNeedsAFloatOfZeroOrMore_data()
{
    QTest::addColumn<qint64>("cents");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("zero") << qint64(0) << u"USD"_s << true;
    QTest::newRow("150.00") << qint64(15000) << u"USD"_s << true;
    QTest::newRow("negative") << qint64(-1) << u"USD"_s << false;
    QTest::newRow("other currency") << qint64(15000) << u"EUR"_s << false;
}

void TestShiftService::openNeedsAFloatOfZeroOrMore()
{
    QFETCH(qint64, cents);
    QFETCH(QString, currency);
    QFETCH(bool, accepted);
    const qint64 audited = m_f.count(u"audit_log"_s);
    Result<Shift> shift = open(Money(cents, currency));
    QCOMPARE(shift.ok(), accepted);
    if (!accepted) {
        QCOMPARE(shift.error().code, ErrorCode::InvalidInput);
        QCOMPARE(m_f.count(u"shifts"_s), 0);
        QCOMPARE(m_f.count(u"audit_log"_s), audited);
        return;
    }
    QVERIFY(shift->id > 0);
    QVERIFY(shift->open);
    QCOMPARE(shift->registerId, m_register);
    QCOMPARE(shift->openedBy, m_f.m_clerk.userId);
    QCOMPARE(shift->openingFloat, usd(cents));
    QCOMPARE(m_f.scalar(u"SELECT opening_float_cents FROM shifts WHERE id = ?"_s, {shift->id}).toLongLong(), cents);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'shift.opened'"_s).toLongLong(), 1);
}

void TestShiftService::oneOpenShiftPerRegister()
{
    QVERIFY(open(usd(10000)).ok());
    Result<Shift> second = open(usd(5000));
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code, ErrorCode::Conflict);
    QCOMPARE(second.error().message,
             u"Register 1 already has an open shift. Carry on with it, or close it before opening a new one."_s);
    QCOMPARE(m_f.count(u"shifts"_s), 1);

    // The partial unique index backs the rule whatever writes the row.
    Status forged = m_f.run(u"INSERT INTO shifts (register_id, status, currency, opened_by, opened_at, "
                            "opening_float_cents) VALUES (?, 'open', 'USD', ?, ?, 0)"_s,
                            {m_register, m_f.m_clerk.userId, QDateTime::currentDateTimeUtc()});
    QVERIFY(!forged.ok());

    // Another register opens its own.
    const qint64 second_register =
        m_f.insert(u"INSERT INTO registers (code, name, location_id, created_at) VALUES ('R2', 'Register 2', ?, ?) "
                   "RETURNING id"_s,
                   {m_f.m_store, QDateTime::currentDateTimeUtc()});
    QVERIFY(open(usd(0), second_register).ok());

    Result<Shift> unknown = open(usd(0), 9999);
    QCOMPARE(unknown.error().code, ErrorCode::NotFound);
}

void TestShiftService::currentIsTheOpenShift()
{
    Result<Shift> none = Database::wait(m_shifts->current(m_f.m_clerk, m_register));
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, ErrorCode::NotFound);
    QCOMPARE(none.error().message, u"Register 1 has no open shift. Open a shift with the cash float first."_s);

    Result<Shift> opened = open(usd(2500));
    QVERIFY2(opened.ok(), qPrintable(why(opened)));
    Result<Shift> current = Database::wait(m_shifts->current(m_f.m_clerk, m_register));
    QVERIFY2(current.ok(), qPrintable(why(current)));
    QCOMPARE(current->id, opened->id);
    QCOMPARE(current->openingFloat, usd(2500));
    QVERIFY(current->openedAt.isValid());
}

void TestShiftService::cashInAndOutNeedAReasonAndAnAmount()
{
    Result<Shift> shift = open(usd(10000));
    QVERIFY(shift.ok());
    const qint64 id = shift->id;

    Status noReason = Database::wait(m_shifts->moveCash(m_f.m_clerk, id, true, usd(500), u"  "_s));
    QCOMPARE(noReason.error().code, ErrorCode::InvalidInput);
    Status zero = Database::wait(m_shifts->moveCash(m_f.m_clerk, id, true, usd(0), u"Change"_s));
    QCOMPARE(zero.error().code, ErrorCode::InvalidInput);
    Status negative = Database::wait(m_shifts->moveCash(m_f.m_clerk, id, false, usd(-100), u"Change"_s));
    QCOMPARE(negative.error().code, ErrorCode::InvalidInput);
    Status euros = Database::wait(m_shifts->moveCash(m_f.m_clerk, id, true, Money(100, u"EUR"), u"Change"_s));
    QCOMPARE(euros.error().code, ErrorCode::InvalidInput);
    QCOMPARE(m_f.count(u"shift_cash_movements"_s), 0);

    QVERIFY(Database::wait(m_shifts->moveCash(m_f.m_clerk, id, true, usd(5000), u"Change from the bank"_s)).ok());
    QVERIFY(Database::wait(m_shifts->moveCash(m_f.m_clerk, id, false, usd(1234), u"Window cleaner"_s)).ok());
    QCOMPARE(m_f.count(u"shift_cash_movements"_s), 2);
    QCOMPARE(m_f.scalar(u"SELECT cash_in_cents FROM shifts WHERE id = ?"_s, {id}).toLongLong(), 5000);
    QCOMPARE(m_f.scalar(u"SELECT cash_out_cents FROM shifts WHERE id = ?"_s, {id}).toLongLong(), 1234);
    QCOMPARE(m_f.scalar(u"SELECT reason FROM shift_cash_movements WHERE kind = 'out'"_s).toString(),
             u"Window cleaner"_s);

    Result<ShiftReport> x = Database::wait(m_shifts->xReport(m_f.m_clerk, id));
    QVERIFY2(x.ok(), qPrintable(why(x)));
    QCOMPARE(x->cashIn, usd(5000));
    QCOMPARE(x->cashOut, usd(1234));
    QCOMPARE(x->expectedCash, usd(10000 + 5000 - 1234));
}

void TestShiftService::cashOutCannotExceedTheDrawer()
{
    Result<Shift> shift = open(usd(10000));
    QVERIFY(shift.ok());
    QVERIFY(record([id = shift->id](Connection &c) {
                return ShiftService::recordTenderInTransaction(c, id, u"cash"_s, usd(2550), usd(0));
            }).ok());
    // 100.00 float + 25.50 cash taken: 125.50 in the drawer.
    Status tooMuch = Database::wait(m_shifts->moveCash(m_f.m_clerk, shift->id, false, usd(12551), u"Bank"_s));
    QVERIFY(!tooMuch.ok());
    QCOMPARE(tooMuch.error().code, ErrorCode::Conflict);
    QVERIFY2(tooMuch.error().message.contains(usd(12550).toString()), qPrintable(tooMuch.error().message));
    QCOMPARE(m_f.count(u"shift_cash_movements"_s), 0);
    QVERIFY(Database::wait(m_shifts->moveCash(m_f.m_clerk, shift->id, false, usd(12550), u"Bank"_s)).ok());
    Result<ShiftReport> x = Database::wait(m_shifts->xReport(m_f.m_clerk, shift->id));
    QCOMPARE(x->expectedCash, usd(0));
}

void TestShiftService::runningTotalsMakeTheXReport()
{
    Result<Shift> shift = open(usd(20000));
    QVERIFY(shift.ok());
    const qint64 id = shift->id;
    // Two sales (43.20 cash; 108.00 split 8.00 cash + 100.00 card) and a
    // refund of 10.80 to the card.
    QVERIFY(record([id](Connection &c) -> Status {
                if (Status ok = ShiftService::recordSaleInTransaction(c, id, usd(4320), usd(320), usd(0)); !ok)
                    return ok;
                if (Status ok = ShiftService::recordTenderInTransaction(c, id, u"cash"_s, usd(4320), usd(0)); !ok)
                    return ok;
                if (Status ok = ShiftService::recordSaleInTransaction(c, id, usd(10800), usd(800), usd(1000)); !ok)
                    return ok;
                if (Status ok = ShiftService::recordTenderInTransaction(c, id, u"cash"_s, usd(800), usd(0)); !ok)
                    return ok;
                if (Status ok = ShiftService::recordTenderInTransaction(c, id, u"card"_s, usd(10000), usd(0)); !ok)
                    return ok;
                if (Status ok = ShiftService::recordRefundInTransaction(c, id, usd(1080), usd(80)); !ok)
                    return ok;
                return ShiftService::recordTenderInTransaction(c, id, u"card"_s, usd(0), usd(1080));
            }).ok());
    QVERIFY(Database::wait(m_shifts->moveCash(m_f.m_clerk, id, false, usd(5000), u"Bank"_s)).ok());

    Result<ShiftReport> x = Database::wait(m_shifts->xReport(m_f.m_clerk, id));
    QVERIFY2(x.ok(), qPrintable(why(x)));
    QCOMPARE(x->shiftId, id);
    QCOMPARE(x->registerId, m_register);
    QCOMPARE(x->registerName, u"Register 1"_s);
    QVERIFY(!x->closed);
    QCOMPARE(x->openedByName, u"Test User"_s);
    QCOMPARE(x->openingFloat, usd(20000));
    QCOMPARE(x->salesCount, 2);
    QCOMPARE(x->sales, usd(15120));
    QCOMPARE(x->tax, usd(1120));
    QCOMPARE(x->discounts, usd(1000));
    QCOMPARE(x->refundsCount, 1);
    QCOMPARE(x->refunds, usd(1080));
    QCOMPARE(x->refundedTax, usd(80));
    QCOMPARE(x->cashIn, usd(0));
    QCOMPARE(x->cashOut, usd(5000));
    QCOMPARE(x->tenders.size(), 2);
    QCOMPARE(x->tenders[0].tender, u"card"_s);
    QCOMPARE(x->tenders[0].count, 1);
    QCOMPARE(x->tenders[0].taken, usd(10000));
    QCOMPARE(x->tenders[0].refunded, usd(1080));
    QCOMPARE(x->tenders[0].net(), usd(8920));
    QCOMPARE(x->tenders[1].tender, u"cash"_s);
    QCOMPARE(x->tenders[1].count, 2);
    QCOMPARE(x->tenders[1].taken, usd(5120));
    QCOMPARE(x->tenders[1].refunded, usd(0));
    // 200.00 + 51.20 cash taken - 50.00 out.
    QCOMPARE(x->expectedCash, usd(20120));
    QVERIFY(!x->countedCash);
    QVERIFY(!x->difference);

    // Amounts in another currency never reach the totals.
    Status euros = record([id](Connection &c) {
        return ShiftService::recordSaleInTransaction(c, id, Money(100, u"EUR"), Money(8, u"EUR"), Money(0, u"EUR"));
    });
    QCOMPARE(euros.error().code, ErrorCode::InvalidInput);
    QCOMPARE(m_f.scalar(u"SELECT sales_count FROM shifts WHERE id = ?"_s, {id}).toLongLong(), 2);
}

void TestShiftService::closeKeepsTheZReportWithTheDifference()
{
    Result<Shift> shift = open(usd(10000));
    QVERIFY(shift.ok());
    const qint64 id = shift->id;
    QVERIFY(record([id](Connection &c) -> Status {
                if (Status ok = ShiftService::recordSaleInTransaction(c, id, usd(2160), usd(160), usd(0)); !ok)
                    return ok;
                return ShiftService::recordTenderInTransaction(c, id, u"cash"_s, usd(2160), usd(0));
            }).ok());
    QVERIFY(Database::wait(m_shifts->moveCash(m_f.m_clerk, id, true, usd(1000), u"Change"_s)).ok());

    Result<ShiftReport> negative = Database::wait(m_shifts->close(m_f.m_clerk, id, usd(-1), {}));
    QVERIFY(!negative.ok());
    QCOMPARE(negative.error().code, ErrorCode::InvalidInput);
    QCOMPARE(m_f.scalar(u"SELECT status FROM shifts WHERE id = ?"_s, {id}).toString(), u"open"_s);

    // Expected 100.00 + 21.60 + 10.00 = 131.60; counted 131.10.
    Result<ShiftReport> z = Database::wait(m_shifts->close(m_f.m_clerk, id, usd(13110), u"Short by a coin"_s));
    QVERIFY2(z.ok(), qPrintable(why(z)));
    QVERIFY(z->closed);
    QCOMPARE(z->expectedCash, usd(13160));
    QCOMPARE(z->countedCash, std::optional<Money>(usd(13110)));
    QCOMPARE(z->difference, std::optional<Money>(usd(-50)));
    QCOMPARE(z->closeNote, u"Short by a coin"_s);
    QCOMPARE(z->closedByName, u"Test User"_s);
    QVERIFY(z->closedAt.isValid());
    QCOMPARE(z->salesCount, 1);
    QCOMPARE(z->sales, usd(2160));

    QCOMPARE(m_f.scalar(u"SELECT status FROM shifts WHERE id = ?"_s, {id}).toString(), u"closed"_s);
    QCOMPARE(m_f.scalar(u"SELECT expected_cash_cents FROM shifts WHERE id = ?"_s, {id}).toLongLong(), 13160);
    QCOMPARE(m_f.scalar(u"SELECT counted_cash_cents FROM shifts WHERE id = ?"_s, {id}).toLongLong(), 13110);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'shift.closed'"_s).toLongLong(), 1);

    // The kept Z report reads back exactly, for reprinting.
    Result<ShiftReport> kept = Database::wait(m_shifts->zReport(m_f.m_clerk, id));
    QVERIFY2(kept.ok(), qPrintable(why(kept)));
    QCOMPARE(kept->toJson(), z->toJson());
    Result<ShiftReport> x = Database::wait(m_shifts->xReport(m_f.m_clerk, id));
    QVERIFY(x.ok());
    QCOMPARE(x->toJson(), z->toJson());

    // A new shift starts from zero.
    Result<Shift> next = open(usd(13110));
    QVERIFY2(next.ok(), qPrintable(why(next)));
    Result<ShiftReport> fresh = Database::wait(m_shifts->xReport(m_f.m_clerk, next->id));
    QCOMPARE(fresh->salesCount, 0);
    QCOMPARE(fresh->expectedCash, usd(13110));
    Result<ShiftReport> notYet = Database::wait(m_shifts->zReport(m_f.m_clerk, next->id));
    QCOMPARE(notYet.error().code, ErrorCode::NotFound);
}

void TestShiftService::aClosedShiftRefusesEverything()
{
    Result<Shift> shift = open(usd(10000));
    QVERIFY(shift.ok());
    const qint64 id = shift->id;
    QVERIFY(Database::wait(m_shifts->close(m_f.m_clerk, id, usd(10000), {})).ok());
    const QString closed = u"Shift %1 is closed; nothing can be added to it. Open a new shift."_s.arg(id);

    Status cash = Database::wait(m_shifts->moveCash(m_f.m_clerk, id, true, usd(100), u"Change"_s));
    QCOMPARE(cash.error().code, ErrorCode::Conflict);
    QCOMPARE(cash.error().message, closed);
    Result<ShiftReport> again = Database::wait(m_shifts->close(m_f.m_clerk, id, usd(10000), {}));
    QCOMPARE(again.error().message, closed);
    Status sale = record(
        [id](Connection &c) { return ShiftService::recordSaleInTransaction(c, id, usd(100), usd(8), usd(0)); });
    QCOMPARE(sale.error().message, closed);
    Status tender = record(
        [id](Connection &c) { return ShiftService::recordTenderInTransaction(c, id, u"cash"_s, usd(100), usd(0)); });
    QCOMPARE(tender.error().message, closed);
    Status refund =
        record([id](Connection &c) { return ShiftService::recordRefundInTransaction(c, id, usd(100), usd(8)); });
    QCOMPARE(refund.error().message, closed);
    QCOMPARE(m_f.count(u"shift_tender_totals"_s), 0);
    QCOMPARE(m_f.scalar(u"SELECT sales_count + refunds_count + cash_in_cents FROM shifts"_s).toLongLong(), 0);

    Result<qint64> openId = Database::wait(m_f.m_db->read(
        [this](Connection &c) { return ShiftService::openShiftIdInTransaction(c, m_register); }));
    QCOMPARE(openId.error().code, ErrorCode::NotFound);
}

void TestShiftService::closeWaitsForAnUnfinishedSale()
{
    Result<Shift> shift = open(usd(10000));
    QVERIFY(shift.ok());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 cart = m_f.insert(u"INSERT INTO carts (register_id, status, created_at, updated_at) "
                                   "VALUES (?, 'open', ?, ?) RETURNING id"_s,
                                   {m_register, now, now});
    QVERIFY(m_f.insert(u"INSERT INTO payments (cart_id, register_id, shift_id, tender, status, currency, amount_cents, "
                       "idempotency_key, created_at) VALUES (?, ?, ?, 'cash', 'completed', 'USD', 500, 'k-1', ?) "
                       "RETURNING id"_s,
                       {cart, m_register, shift->id, now})
            > 0);
    Result<ShiftReport> refused = Database::wait(m_shifts->close(m_f.m_clerk, shift->id, usd(10500), {}));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::Conflict);
    QCOMPARE(m_f.scalar(u"SELECT status FROM shifts"_s).toString(), u"open"_s);

    QVERIFY(m_f.run(u"UPDATE payments SET status = 'voided'"_s).ok());
    QVERIFY(Database::wait(m_shifts->close(m_f.m_clerk, shift->id, usd(10000), {})).ok());
}

void TestShiftService::reportSurvivesJson()
{
    ShiftReport report;
    report.shiftId = 7;
    report.registerId = 2;
    report.registerName = u"Front till"_s;
    report.closed = true;
    report.openedByName = u"Ann Clerk"_s;
    report.openedAt = QDateTime(QDate(2026, 11, 25), QTime(8, 0), Qt::UTC);
    report.closedByName = u"Bo Boss"_s;
    report.closedAt = QDateTime(QDate(2026, 11, 25), QTime(18, 30, 15, 250), Qt::UTC);
    report.openingFloat = usd(15000);
    report.salesCount = 12;
    report.sales = usd(123456);
    report.tax = usd(9145);
    report.discounts = usd(500);
    report.refundsCount = 1;
    report.refunds = usd(1999);
    report.refundedTax = usd(148);
    report.cashIn = usd(1000);
    report.cashOut = usd(2000);
    report.tenders = {{u"card"_s, 7, usd(100000), usd(1999)}, {u"cash"_s, 5, usd(23456), usd(0)}};
    report.expectedCash = usd(37456);
    report.countedCash = usd(37400);
    report.difference = usd(-56);
    report.closeNote = u"Till roll replaced"_s;

    const QByteArray json = QJsonDocument(report.toJson()).toJson();
    const std::optional<ShiftReport> back = ShiftReport::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(back);
    QCOMPARE(back->toJson(), report.toJson());
    QCOMPARE(back->closedAt, report.closedAt);
    QCOMPARE(back->tenders[1].taken, usd(23456));
    QCOMPARE(back->difference, std::optional<Money>(usd(-56)));

    report.countedCash.reset();
    report.difference.reset();
    const std::optional<ShiftReport> open = ShiftReport::fromJson(report.toJson());
    QVERIFY(open);
    QVERIFY(!open->countedCash);
}

void TestShiftService::malformedReportJsonIsRefused()
{
    QVERIFY(!ShiftReport::fromJson({}));
    ShiftReport report;
    report.shiftId = 1;
    report.openingFloat = report.sales = report.tax = report.discounts = report.refunds = report.refundedTax =
        report.cashIn = report.cashOut = report.expectedCash = usd(0);
    QJsonObject good = report.toJson();
    QVERIFY(ShiftReport::fromJson(good));
    QJsonObject noCurrency = good;
    noCurrency.insert(u"currency"_s, u"dollars"_s);
    QVERIFY(!ShiftReport::fromJson(noCurrency));
    QJsonObject textAmount = good;
    textAmount.insert(u"sales_cents"_s, u"12.00"_s);
    QVERIFY(!ShiftReport::fromJson(textAmount));
    QJsonObject future = good;
    future.insert(u"format"_s, 2);
    QVERIFY(!ShiftReport::fromJson(future));
}

void TestShiftService::registersAreListedAndAdded()
{
    RegisterDirectory directory(m_f.m_db);
    Result<QList<Register>> list = Database::wait(directory.list(m_f.m_clerk));
    QVERIFY2(list.ok(), qPrintable(why(list)));
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->at(0).code, u"R1"_s);
    QCOMPARE(list->at(0).locationId, m_f.m_store);
    QCOMPARE(list->at(0).nextReceiptNumber, 1);

    Result<Register> byClerk = Database::wait(directory.add(m_f.m_clerk, u"r2"_s, u"Register 2"_s, m_f.m_back));
    QCOMPARE(byClerk.error().code, ErrorCode::PermissionDenied);
    Result<Register> badCode = Database::wait(directory.add(m_f.m_admin, u"front till"_s, u"Front"_s, m_f.m_back));
    QCOMPARE(badCode.error().code, ErrorCode::InvalidInput);
    Result<Register> nowhere = Database::wait(directory.add(m_f.m_admin, u"R2"_s, u"Register 2"_s, 9999));
    QCOMPARE(nowhere.error().code, ErrorCode::NotFound);
    Result<Register> duplicate = Database::wait(directory.add(m_f.m_admin, u"r1"_s, u"Again"_s, m_f.m_back));
    QCOMPARE(duplicate.error().code, ErrorCode::Conflict);

    Result<Register> added = Database::wait(directory.add(m_f.m_admin, u"r2"_s, u" Back till "_s, m_f.m_back));
    QVERIFY2(added.ok(), qPrintable(why(added)));
    QCOMPARE(added->code, u"R2"_s);
    QCOMPARE(added->name, u"Back till"_s);
    QCOMPARE(added->locationName, u"Back room"_s);
    QVERIFY(added->isActive);
    list = Database::wait(directory.list(m_f.m_clerk));
    QCOMPARE(list->size(), 2);
    QCOMPARE(m_f.scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'register.added'"_s).toLongLong(), 1);
}

void TestShiftService::vendorsCannotUseShifts()
{
    Result<Shift> shift = Database::wait(m_shifts->open(m_f.m_vendor, m_register, usd(0)));
    QCOMPARE(shift.error().code, ErrorCode::PermissionDenied);
    QCOMPARE(m_f.count(u"shifts"_s), 0);
}

QTEST_GUILESS_MAIN(TestShiftService)
#include "tst_shiftservice.moc"
