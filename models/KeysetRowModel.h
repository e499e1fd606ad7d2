#pragma once

#include "KeysetTableModel.h"

#include <QFutureWatcher>
#include <QHash>
#include <QList>

namespace sk {

// A KeysetTableModel over rows of one type asked with one query type. The
// query has a limit and continueAfter(const Row &); a table gives its
// columns, how the query's keyset is rewound, and the service calls.
template <typename Row, typename Query>
class KeysetRowModel : public KeysetTableModel {
public:
    const Query &query() const { return m_query; }

    // Reads as many rows as are loaded again from the first and puts them in
    // place without a reset (one layout change): selected rows stay selected
    // by id and the view keeps its scroll position; rows that arrived since
    // come in at their place, rows that no longer match go. Nothing happens
    // while a page is on its way. refreshed() follows.
    void refresh()
    {
        const int rows = beginRefresh();
        if (rows == 0)
            return;
        Query query = m_query;
        rewind(query);
        askPage(query, rows, &KeysetRowModel::acceptRefresh);
        startCount();
    }

protected:
    using KeysetTableModel::KeysetTableModel;
    using PageFuture = QFuture<Result<QList<Row>>>;

    // A page of the query, which carries the keyset and the limit.
    virtual PageFuture fetchPage(const Query &query) = 0;
    // Tables that show a total also override countsRows().
    virtual QFuture<Result<qint64>> fetchCount(const Query &query)
    {
        Q_UNUSED(query);
        return {};
    }
    virtual bool countsRows() const { return false; }
    virtual void rewind(Query &query) const = 0;
    virtual qint64 rowId(const Row &row) const = 0;

    const Row &rowAt(int row) const { return m_rows.at(row); }
    // -1 when that row is not among the loaded ones.
    int rowWithId(qint64 id) const
    {
        for (int row = 0; row < m_rows.size(); ++row)
            if (rowId(m_rows.at(row)) == id)
                return row;
        return -1;
    }
    void replaceRow(int row, const Row &value)
    {
        m_rows[row] = value;
        emit dataChanged(index(row, 0), index(row, columnCount() - 1));
    }

    Query m_query;

private:
    qsizetype loadedRows() const final { return m_rows.size(); }

    void forgetRows() final
    {
        m_rows.clear();
        rewind(m_query);
    }

    void startPage(int rows) final { askPage(m_query, rows, &KeysetRowModel::acceptPage); }

    using Accept = void (KeysetRowModel::*)(quint64 generation, const Result<QList<Row>> &result, int requestedRows);

    void askPage(Query query, int rows, Accept accept)
    {
        query.limit = rows;
        using Watcher = QFutureWatcher<Result<QList<Row>>>;
        auto *watcher = new Watcher(this);
        QObject::connect(watcher, &Watcher::finished, this,
                         [this, watcher, accept, generation = generation(), rows] {
                             watcher->deleteLater();
                             (this->*accept)(generation, watcher->result(), rows);
                         });
        watcher->setFuture(fetchPage(query));
    }

    void startCount() final
    {
        if (!countsRows())
            return;
        using Watcher = QFutureWatcher<Result<qint64>>;
        auto *watcher = new Watcher(this);
        QObject::connect(watcher, &Watcher::finished, this, [this, watcher, generation = generation()] {
            watcher->deleteLater();
            if (isCurrent(generation))
                countArrived(watcher->result());
        });
        watcher->setFuture(fetchCount(m_query));
    }

    void acceptPage(quint64 generation, const Result<QList<Row>> &result, int requestedRows)
    {
        if (!isCurrent(generation))
            return;
        if (!result) {
            pageFailed(result.error());
            return;
        }
        const QList<Row> &rows = result.value();
        // The keyset moves before the rows are announced: a view may call
        // fetchMore() from its rowsInserted handler, and that page must start
        // after these rows, not repeat them.
        if (!rows.isEmpty())
            m_query.continueAfter(rows.constLast());
        pageArriving(rows.size(), requestedRows);
        if (!rows.isEmpty()) {
            beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
            m_rows.append(rows);
            endInsertRows();
        }
        emit pageLoaded(int(rows.size()));
    }

    void acceptRefresh(quint64 generation, const Result<QList<Row>> &result, int requestedRows)
    {
        if (!isCurrent(generation))
            return;
        if (!result) {
            pageFailed(result.error());
            return;
        }
        const QList<Row> &fresh = result.value();
        emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        QHash<qint64, int> freshRowOf;
        for (int row = 0; row < fresh.size(); ++row)
            freshRowOf.insert(rowId(fresh.at(row)), row);
        const QModelIndexList before = persistentIndexList();
        QModelIndexList after;
        after.reserve(before.size());
        for (const QModelIndex &index : before) {
            const int row = freshRowOf.value(rowId(m_rows.at(index.row())), -1);
            after.append(row < 0 ? QModelIndex() : createIndex(row, index.column()));
        }
        m_rows = fresh;
        rewind(m_query);
        if (!fresh.isEmpty())
            m_query.continueAfter(fresh.constLast());
        changePersistentIndexList(before, after);
        emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
        refreshArriving(fresh.size(), requestedRows);
        emit refreshed();
    }

    QList<Row> m_rows;
};

} // namespace sk
