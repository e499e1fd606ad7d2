// KeysetTableModel::refresh through OrderTableModel with a source that
// answers by hand: the loaded rows are read again from the first and put in
// place without a reset, persistent indexes (a view's selection) follow
// their rows by id, new rows come in at their place, and an answer for an
// older query is dropped.
#include "OrderTableModel.h"

#include <QAbstractItemModelTester>
#include <QPromise>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

struct PendingPage {
    OrderQuery query;
    std::shared_ptr<QPromise<Result<QList<OrderRow>>>> promise;
};

// Row n of the newest-first list; smaller n is newer (n may be negative).
OrderRow rowNumber(int n)
{
    OrderRow row;
    row.id = 10'000 - n;
    row.orderNumber = u"W-%1"_s.arg(row.id, 6, 10, QChar(u'0'));
    row.createdAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(qint64(row.id) * 60);
    row.total = Money(1000 + n, u"EUR");
    row.paid = row.total;
    row.refunded = Money(0, u"EUR");
    return row;
}

QList<OrderRow> rowsFrom(int first, int count)
{
    QList<OrderRow> rows;
    for (int n = first; n < first + count; ++n)
        rows.append(rowNumber(n));
    return rows;
}

} // namespace

class TestKeysetRefresh : public QObject {
    Q_OBJECT

private slots:
    void init();
    void rowsKeepTheirPlaceAndSelection();
    void aRefreshWaitsForThePageOnItsWay();
    void aRefreshOfAnOlderQueryIsDropped();

private:
    void answer(int index, const QList<OrderRow> &rows);
    void loadFirstPage(int rows);

    std::unique_ptr<OrderTableModel> m_model;
    QList<PendingPage> m_pages;
    Session m_admin;
};

void TestKeysetRefresh::init()
{
    m_pages.clear();
    OrderTableModel::Source source;
    source.page = [this](const Session &, const OrderQuery &query) {
        auto promise = std::make_shared<QPromise<Result<QList<OrderRow>>>>();
        promise->start();
        m_pages.append({query, promise});
        return promise->future();
    };
    m_model = std::make_unique<OrderTableModel>(source);
    m_model->setPageSize(20);
    m_admin.userId = 1;
    m_admin.role = Role::Admin;
}

void TestKeysetRefresh::answer(int index, const QList<OrderRow> &rows)
{
    m_pages[index].promise->addResult(Result<QList<OrderRow>>(rows));
    m_pages[index].promise->finish();
}

void TestKeysetRefresh::loadFirstPage(int rows)
{
    m_model->setSession(m_admin);
    QCOMPARE(m_pages.size(), 1);
    answer(0, rowsFrom(0, rows));
    QTRY_COMPARE(m_model->rowCount(), rows);
}

void TestKeysetRefresh::rowsKeepTheirPlaceAndSelection()
{
    QAbstractItemModelTester tester(m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    loadFirstPage(20);
    // The tester may have asked for the next page, as a view would.
    if (m_pages.size() == 2) {
        answer(1, rowsFrom(20, 10));
        QTRY_COMPARE(m_model->rowCount(), 30);
    }
    const int loaded = m_model->rowCount();
    const QPersistentModelIndex selected = m_model->index(5, OrderTableModel::TotalColumn);
    const QPersistentModelIndex last = m_model->index(loaded - 1, 0);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy refreshed(m_model.get(), &OrderTableModel::refreshed);

    m_model->refresh();
    const qsizetype refresh = m_pages.size() - 1;
    QCOMPARE(m_pages[refresh].query.afterId, 0);           // from the first row
    QCOMPARE(m_pages[refresh].query.limit, std::max(loaded, 20));
    QVERIFY(!m_model->canFetchMore({}));

    // Two orders arrived, one is no longer listed, row 5 was refunded.
    QList<OrderRow> fresh = rowsFrom(-2, 2) + rowsFrom(0, loaded);
    fresh.removeAt(2 + 3);
    fresh[2 + 4].refunded = Money(300, u"EUR");
    fresh = fresh.mid(0, loaded);
    answer(refresh, fresh);
    QTRY_COMPARE(refreshed.size(), 1);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(m_model->rowCount(), loaded);
    QCOMPARE(m_model->orderAt(0).id, rowNumber(-2).id);
    QVERIFY(selected.isValid());
    QCOMPARE(selected.row(), 6);
    QCOMPARE(selected.column(), int(OrderTableModel::TotalColumn));
    QCOMPARE(selected.data(OrderTableModel::OrderIdRole).toLongLong(), rowNumber(5).id);
    QCOMPARE(m_model->orderAt(selected.row()).refunded.minorUnits(), 300);
    // The last row loaded before fell out of the window it is read again with.
    QVERIFY(!last.isValid());

    // The next page continues after the last row read again.
    QVERIFY(m_model->canFetchMore({}));
    m_model->fetchMore({});
    QCOMPARE(m_pages.last().query.afterId, fresh.constLast().id);
}

void TestKeysetRefresh::aRefreshWaitsForThePageOnItsWay()
{
    m_model->setSession(m_admin);
    m_model->refresh();
    QCOMPARE(m_pages.size(), 1);
    answer(0, rowsFrom(0, 5));
    QTRY_COMPARE(m_model->rowCount(), 5);
    QVERIFY(m_model->isAtEnd());
    m_model->refresh();
    QCOMPARE(m_pages.size(), 2);
    answer(1, rowsFrom(-1, 6));
    QTRY_COMPARE(m_model->rowCount(), 6);
    QVERIFY(m_model->isAtEnd());
    QVERIFY(!m_model->isLoading());
}

void TestKeysetRefresh::aRefreshOfAnOlderQueryIsDropped()
{
    loadFirstPage(5);
    m_model->refresh();
    OrderQuery online;
    online.channel = OrderChannel::Online;
    m_model->setQuery(online);
    const qsizetype refresh = m_pages.size() - 2;
    answer(m_pages.size() - 1, rowsFrom(0, 2));
    QTRY_COMPARE(m_model->rowCount(), 2);
    answer(refresh, rowsFrom(0, 5));
    QTRY_COMPARE(m_model->droppedStaleResults(), 1);
    QCOMPARE(m_model->rowCount(), 2);
}

QTEST_GUILESS_MAIN(TestKeysetRefresh)
#include "tst_keysetrefresh.moc"
