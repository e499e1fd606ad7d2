#pragma once

#include "auth/Session.h"
#include "core/Result.h"

#include <QAbstractTableModel>
#include <QFuture>

namespace sk {

// The plumbing shared by the tables that load a page at a time as the view
// scrolls (canFetchMore/fetchMore), each page asked from a service on a
// database reader and continuing after the last row loaded (keyset, never
// OFFSET), with the matching row count arriving on its own. The rows, the
// query and the calls live in KeysetRowModel<Row, Query>; the columns in
// each table.
//
// Every query change bumps a generation counter; pages and counts that
// arrive for an older generation are dropped, so a slow answer to an old
// filter never lands in a newer table.
class KeysetTableModel : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(qint64 totalCount READ totalCount NOTIFY totalCountChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    ~KeysetTableModel() override;

    // Who is asking: the service checks this session's permissions. Setting
    // it starts loading.
    void setSession(const Session &session);
    const Session &session() const { return m_session; }
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    // From the first row again, with as many rows as are loaded now, so a
    // view keeps its place after an edit.
    void reload();

    // Matching rows in the database; -1 until the count has arrived (and
    // for tables that do not count).
    qint64 totalCount() const { return m_totalCount; }
    // True while a page for the current query is on its way.
    bool isLoading() const { return m_pageInFlight; }
    // True once the first page of the current query has arrived.
    bool hasLoadedFirstPage() const { return m_firstPageLoaded; }
    bool isAtEnd() const { return m_atEnd; }
    // Answers that arrived for an older query and were thrown away.
    int droppedStaleResults() const { return m_droppedStaleResults; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void totalCountChanged(qint64 count);
    void loadingChanged(bool loading);
    // After each page of the current query has been appended (also when empty).
    void pageLoaded(int rowsAdded);
    void loadFailed(const QString &message, const QString &details);
    // After refresh() has put the rows read again in place.
    void refreshed();

protected:
    // maxPageSize: the most rows the service answers in one page.
    KeysetTableModel(int columnCount, int defaultPageSize, int maxPageSize, QObject *parent);

    // Drops the loaded rows and asks for the first firstPageRows again.
    void restart(int firstPageRows);
    void restart() { restart(m_pageSize); }
    quint64 generation() const { return m_generation; }
    // False (and counted) when the answer belongs to an older query.
    bool isCurrent(quint64 generation);
    void pageFailed(const Error &error);
    // The rows a refresh reads (as many as are loaded, at least a page), or 0
    // when it cannot start now; otherwise it counts as a page on its way.
    int beginRefresh();
    // Before the rows of a page are inserted: the end flag moves first, as a
    // view may call fetchMore() from its rowsInserted handler.
    void pageArriving(qsizetype received, int requested);
    // A refresh read the loaded rows again: more may follow now even when
    // the table had reached its end before (rows arrived since).
    void refreshArriving(qsizetype received, int requested);
    void countArrived(const Result<qint64> &count);

private:
    virtual qsizetype loadedRows() const = 0;
    // Clears the rows and rewinds the query's keyset to the first row.
    virtual void forgetRows() = 0;
    virtual void startPage(int rows) = 0;
    virtual void startCount() {}

    void requestPage(int rows);
    void setPageInFlight(bool inFlight);

    const int m_columnCount;
    const int m_maxPageSize;
    Session m_session;
    int m_pageSize;
    qint64 m_totalCount = -1;
    quint64 m_generation = 0;
    bool m_pageInFlight = false;
    bool m_atEnd = false;
    bool m_firstPageLoaded = false;
    int m_droppedStaleResults = 0;
};

} // namespace sk
