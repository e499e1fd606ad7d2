#pragma once

#include "auth/Session.h"
#include "inventory/StockLevelSearch.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

namespace sk {

// Stock levels as a table that opens at once on a shop of any size, like
// ProductTableModel: StockLevelSearch::orderedIds() brings every matching
// level id in display order (and so the row count), rows the view asks for
// show a placeholder and schedule a window around them
// (StockLevelSearch::rows()), fetched on a database reader. A new query bumps
// a generation counter and whatever arrives for an older one is dropped.
//
// Live updates: refreshRows() re-reads just the given levels where they are
// loaded (another register sold), reload() re-reads the id list and keeps the
// loaded rows on screen until their fresh windows land.
class StockLevelTableModel : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(qint64 totalCount READ totalCount NOTIFY totalCountChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    enum Column {
        ProductColumn,
        OptionsColumn,
        SkuColumn,
        LocationColumn,
        OnHandColumn,
        ReservedColumn,
        AvailableColumn,
        ReorderLevelColumn,
        BinColumn,
        UnitCostColumn,
        ValueColumn,
        ColumnCount
    };
    enum ItemRole { LevelIdRole = Qt::UserRole + 1, VariantIdRole, LocationIdRole, IsLoadedRole, IsLowRole };

    static constexpr int DefaultWindowRows = 100;
    static constexpr int DefaultMaxCachedWindows = 50;
    static constexpr int MaxWindowsInFlight = 3;

    // Where rows come from: StockLevelSearch in the application; tests
    // answer by hand to hold answers back.
    struct Source {
        std::function<QFuture<Result<QList<qint64>>>(const Session &, const StockLevelQuery &)> orderedIds;
        std::function<QFuture<Result<QList<StockLevel>>>(const Session &, const QList<qint64> &)> rows;

        static Source fromSearch(std::shared_ptr<StockLevelSearch> search);
    };

    explicit StockLevelTableModel(std::shared_ptr<StockLevelSearch> search, QObject *parent = nullptr);
    explicit StockLevelTableModel(Source source, QObject *parent = nullptr);
    ~StockLevelTableModel() override;

    // Setting it starts loading; vendors see only their own products' stock.
    void setSession(const Session &session);
    const Session &session() const { return m_session; }
    void setQuery(const StockLevelQuery &query);
    const StockLevelQuery &query() const { return m_query; }
    // Re-reads the id list (a level appeared, a filter's answer changed) and
    // keeps loaded rows visible until fresh ones replace them.
    void reload();
    // Re-reads these levels where they are loaded; ids not shown are ignored.
    void refreshRows(const QList<qint64> &levelIds);

    void setWindowRows(int rows);
    int windowRows() const { return m_windowRows; }
    void setMaxCachedWindows(int windows);

    qint64 totalCount() const { return m_ids ? m_ids->size() : -1; }
    bool isLoading() const { return m_idsInFlight; }
    bool hasIds() const { return m_ids.has_value(); }
    bool isRowLoaded(int row) const;
    std::optional<StockLevel> levelAt(int row) const;
    qint64 levelIdAt(int row) const;
    int rowOfLevel(qint64 levelId) const;
    // The first loaded row of that variant (at the filtered location when
    // several), or -1 when none is loaded.
    int firstLoadedRowOfVariant(qint64 variantId) const;

    int droppedStaleResults() const { return m_droppedStaleResults; }
    int windowRequests() const { return m_windowRequests; }
    int cachedWindows() const { return int(m_windows.size()); }

    static std::optional<StockSort> sortFor(int column);
    static int columnFor(StockSort sort);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    void totalCountChanged(qint64 count);
    void loadingChanged(bool loading);
    void idsLoaded();
    void windowLoaded(int firstRow, int lastRow);
    void rowsRefreshed(const QList<qint64> &levelIds);
    // Once per query: the sentence, and technical details.
    void loadFailed(const QString &message, const QString &details);

private:
    struct Window {
        QList<StockLevel> rows; // aligned with the window's ids; id 0 where a level vanished
        quint64 generation = 0;
        quint64 lastUsed = 0;
    };

    void start(bool keepRows);
    void requestIds();
    void acceptIds(quint64 generation, const Result<QList<qint64>> &result);
    void acceptWindow(quint64 generation, int window, const QList<qint64> &ids,
                      const Result<QList<StockLevel>> &result);
    void acceptRefresh(quint64 generation, const Result<QList<StockLevel>> &result);
    void reportFailure(const Error &error);
    void setIdsInFlight(bool inFlight);

    // data() is const, but asking for an unloaded row is what schedules its
    // window: these touch only the cache bookkeeping, never the rows shown.
    const StockLevel *nosync_rowFor(int row) const;
    void nosync_want(int window) const;
    void issueWantedWindows();
    void evictWindows();
    QVariant displayText(const StockLevel &level, int column) const;

    Source m_source;
    Session m_session;
    StockLevelQuery m_query;
    int m_windowRows = DefaultWindowRows;
    int m_maxCachedWindows = DefaultMaxCachedWindows;

    quint64 m_generation = 0;
    std::optional<QList<qint64>> m_ids;
    QHash<qint64, int> m_rowOfId;
    bool m_idsInFlight = false;
    bool m_failureReported = false;

    mutable QHash<int, Window> m_windows;
    mutable QList<int> m_wantedWindows; // most recently wanted last
    mutable QSet<int> m_windowsInFlight;
    mutable QSet<int> m_failedWindows;
    mutable quint64 m_useClock = 0;
    mutable QTimer m_fetchTimer;

    int m_droppedStaleResults = 0;
    int m_windowRequests = 0;
};

} // namespace sk
