// OrderTableModel with a source that answers by hand: the model tester,
// pages appended as the view asks for more, each page continuing after the
// last row (keyset), answers of an older query dropped, one failure reported.
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

} // namespace

class TestOrderTableModel : public QObject {
    Q_OBJECT

private slots:
    void init();
    void pagesFollowTheKeyset();
    void staleAnswersAreDropped();
    void aFailureIsReportedOnce();

private:
    void answer(int index, const QList<OrderRow> &rows);
    QList<OrderRow> rowsFrom(int first, int count) const;

    std::unique_ptr<OrderTableModel> m_model;
    QList<PendingPage> m_pages;
    QList<std::shared_ptr<QPromise<Result<qint64>>>> m_counts;
    Session m_admin;
};

void TestOrderTableModel::init()
{
    m_pages.clear();
    m_counts.clear();
    OrderTableModel::Source source;
    source.page = [this](const Session &, const OrderQuery &query) {
        auto promise = std::make_shared<QPromise<Result<QList<OrderRow>>>>();
        promise->start();
        m_pages.append({query, promise});
        return promise->future();
    };
    source.count = [this](const Session &, const OrderQuery &) {
        auto promise = std::make_shared<QPromise<Result<qint64>>>();
        promise->start();
        m_counts.append(promise);
        return promise->future();
    };
    m_model = std::make_unique<OrderTableModel>(source);
    m_model->setPageSize(50);
    m_admin.userId = 1;
    m_admin.role = Role::Admin;
}

QList<OrderRow> TestOrderTableModel::rowsFrom(int first, int count) const
{
    QList<OrderRow> rows;
    for (int n = first; n < first + count; ++n)
        rows.append(rowNumber(n));
    return rows;
}

void TestOrderTableModel::answer(int index, const QList<OrderRow> &rows)
{
    m_pages[index].promise->addResult(Result<QList<OrderRow>>(rows));
    m_pages[index].promise->finish();
}

void TestOrderTableModel::pagesFollowTheKeyset()
{
    QAbstractItemModelTester tester(m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setSession(m_admin);
    QCOMPARE(m_pages.size(), 1);
    QCOMPARE(m_pages[0].query.afterId, 0);
    QCOMPARE(m_pages[0].query.limit, 50);
    QVERIFY(!m_model->canFetchMore({}));   // the first page is on its way
    answer(0, rowsFrom(0, 50));
    QTRY_COMPARE(m_model->rowCount(), 50);
    m_counts[0]->addResult(Result<qint64>(qint64(120)));
    m_counts[0]->finish();
    QTRY_COMPARE(m_model->totalCount(), 120);
    QCOMPARE(m_model->index(0, OrderTableModel::NumberColumn).data().toString(), rowNumber(0).orderNumber);

    // The model tester may already have asked for more, as a view would.
    if (m_pages.size() == 1) {
        QVERIFY(m_model->canFetchMore({}));
        m_model->fetchMore({});
    }
    QCOMPARE(m_pages.size(), 2);
    // The next page starts after the last row loaded, never at an offset.
    QCOMPARE(m_pages[1].query.afterId, rowNumber(49).id);
    QCOMPARE(m_pages[1].query.afterCreatedAt, rowNumber(49).createdAt);
    m_model->fetchMore({});
    QCOMPARE(m_pages.size(), 2);           // never twice in flight
    answer(1, rowsFrom(50, 50));
    QTRY_COMPARE(m_model->rowCount(), 100);
    if (m_pages.size() == 2)
        m_model->fetchMore({});
    QCOMPARE(m_pages.size(), 3);
    QCOMPARE(m_pages[2].query.afterId, rowNumber(99).id);
    answer(2, rowsFrom(100, 20));
    QTRY_COMPARE(m_model->rowCount(), 120);
    QVERIFY(m_model->isAtEnd());
    QVERIFY(!m_model->canFetchMore({}));
    QCOMPARE(m_model->rowOfOrder(rowNumber(119).id), 119);
    QCOMPARE(m_model->index(119, 0).data(OrderTableModel::OrderIdRole).toLongLong(), rowNumber(119).id);
}

void TestOrderTableModel::staleAnswersAreDropped()
{
    m_model->setSession(m_admin);
    OrderQuery online;
    online.channel = OrderChannel::Online;
    m_model->setQuery(online);
    QCOMPARE(m_pages.size(), 2);
    QVERIFY(m_pages[1].query.channel.has_value());
    // The answer to the first query arrives last and is thrown away.
    answer(1, rowsFrom(0, 3));
    QTRY_COMPARE(m_model->rowCount(), 3);
    answer(0, rowsFrom(10, 50));
    QTRY_COMPARE(m_model->droppedStaleResults(), 1);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->orderAt(0).orderNumber, rowNumber(0).orderNumber);
}

void TestOrderTableModel::aFailureIsReportedOnce()
{
    QSignalSpy failed(m_model.get(), &OrderTableModel::loadFailed);
    m_model->setSession(m_admin);
    m_pages[0].promise->addResult(Result<QList<OrderRow>>(
        Error::make(ErrorCode::Unavailable, u"The database cannot be reached."_s)));
    m_pages[0].promise->finish();
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed[0][0].toString(), u"The database cannot be reached."_s);
    QVERIFY(!m_model->canFetchMore({}));
    m_model->reload();
    QCOMPARE(m_pages.size(), 2);
}

QTEST_GUILESS_MAIN(TestOrderTableModel)
#include "tst_ordertablemodel.moc"
