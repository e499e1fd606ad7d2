#pragma once

#include "auth/Session.h"
#include "catalog/ProductSearch.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QHash>
#include <QImage>
#include <QList>
#include <QSet>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

namespace sk {

// The catalog as a table that opens instantly on a million products, in the
// manner of DB Browser for SQLite's RowCache/RowLoader. For each query:
//
//   1. ProductSearch::page() brings the first screen of rows (fast);
//   2. ProductSearch::orderedIds() brings every matching id in display order
//      and so the row count (8 bytes a row);
//   3. rows the view asks for and that are not loaded yet show a placeholder
//      and schedule a window of rows around them (ProductSearch::rows()),
//      fetched on a database reader; dataChanged() when it lands.
//
// Windows in flight are not requested twice; at most a few are in flight at
// once, the latest wanted first, so a fast scroll does not queue up every
// window it passed. A bounded LRU cache of windows keeps memory flat however
// far the view scrolls. Sorting and filtering happen in SQL: a new query
// (setQuery, sort) bumps a generation counter, and whatever arrives for an
// older generation is dropped.
class ProductTableModel : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(qint64 totalCount READ totalCount NOTIFY totalCountChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    enum Column {
        ThumbnailColumn,
        NameColumn,
        SkuColumn,
        BrandColumn,
        VendorColumn,
        CategoryColumn,
        StatusColumn,
        PriceColumn,
        RatingColumn,
        VariantsColumn,
        CreatedColumn,
        ColumnCount
    };
    enum ItemRole { ProductIdRole = Qt::UserRole + 1, IsLoadedRole, StatusNameRole, PriceMinorUnitsRole };

    static constexpr int DefaultFirstScreenRows = 60;
    static constexpr int DefaultWindowRows = 100;
    static constexpr int DefaultMaxCachedWindows = 50;
    static constexpr int MaxWindowsInFlight = 3;
    static constexpr int DefaultThumbnailExtent = 32;

    // Where rows come from: ProductSearch for the session in the
    // application; tests put answers in by hand to hold them back.
    struct Source {
        std::function<QFuture<Result<ProductPage>>(const Session &, const ProductSearchQuery &, int limit)> firstScreen;
        std::function<QFuture<Result<ProductIdList>>(const Session &, const ProductSearchQuery &)> orderedIds;
        std::function<QFuture<Result<QList<ProductRow>>>(const Session &, const QList<qint64> &)> rows;

        static Source fromSearch(std::shared_ptr<ProductSearch> search);
    };

    explicit ProductTableModel(std::shared_ptr<ProductSearch> search, QObject *parent = nullptr);
    explicit ProductTableModel(Source source, QObject *parent = nullptr);
    ~ProductTableModel() override;

    // Who is asking: the search narrows vendors to their own products.
    // Setting it starts loading.
    void setSession(const Session &session);
    const Session &session() const { return m_session; }

    // Starts over with this query (the view goes back to the top); nothing
    // happens when it equals the current one.
    void setQuery(const ProductSearchQuery &query);
    const ProductSearchQuery &query() const { return m_query; }
    // Re-reads the current query after an edit and keeps the rows the view
    // shows in place: loaded rows stay visible until their fresh window lands.
    // Also the answer to ChangeWatcher::resynchronise.
    void reload();
    // Another register changed these products (ChangeWatcher::changed):
    // re-reads just the loaded rows among them, in one request, and emits
    // dataChanged for them. Rows keep their places until the next query or
    // reload, even when the change means the product no longer matches the
    // query or would sort elsewhere (rows jumping under the user's cursor
    // would be worse); a product deleted or moved out of a vendor's reach
    // shows "No longer available". Ids not loaded are ignored: their windows
    // read fresh rows when the view scrolls there, and a new product appears
    // with the next query or reload. More than a page of loaded ids reloads.
    void refreshRows(const QList<qint64> &productIds);

    void setWindowRows(int rows);
    int windowRows() const { return m_windowRows; }
    void setFirstScreenRows(int rows);
    void setMaxCachedWindows(int windows);
    int maxCachedWindows() const { return m_maxCachedWindows; }
    void setThumbnailExtent(int pixels);

    // Matching products; -1 until the id list has arrived.
    qint64 totalCount() const { return m_ids ? m_ids->size() : -1; }
    // A text search ranks a bounded number of matches: more exist than listed.
    bool isTruncated() const { return m_truncated; }
    // True while the first screen or the id list of the current query is on its way.
    bool isLoading() const { return m_firstScreenInFlight || m_idsInFlight; }
    bool hasFirstScreen() const { return m_firstScreenDone; }
    bool hasIds() const { return m_ids.has_value(); }

    bool isRowLoaded(int row) const;
    // The row when loaded.
    std::optional<ProductRow> productAt(int row) const;
    // Known for every row once the ids have arrived (and for the first
    // screen before); 0 otherwise.
    qint64 productIdAt(int row) const;
    // -1 when the product is not among the rows (or the ids are not known yet).
    int rowOfProduct(qint64 productId) const;

    // For tests and the benchmark.
    int droppedStaleResults() const { return m_droppedStaleResults; }
    int windowRequests() const { return m_windowRequests; }
    int cachedWindows() const { return int(m_windows.size()); }
    int windowsInFlight() const { return int(m_windowsInFlight.size()); }
    int refreshRequests() const { return m_refreshRequests; }

    // The ProductSort a click on a column header asks for, or nullopt for a
    // column the database does not order by.
    static std::optional<ProductSort> sortFor(int column, Qt::SortOrder order);
    // Where the header's sort indicator belongs for a sort: column -1 for
    // relevance while searching (no column says "best match").
    static std::pair<int, Qt::SortOrder> sortIndicatorFor(ProductSort sort, bool searching);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Re-queries in SQL; columns the database cannot order by are ignored.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    void totalCountChanged(qint64 count);
    void loadingChanged(bool loading);
    void firstScreenLoaded();
    void idsLoaded();
    void windowLoaded(int firstRow, int lastRow);
    // Once per query: the sentence, and technical details.
    void loadFailed(const QString &message, const QString &details);

private:
    struct Window {
        QList<ProductRow> rows; // aligned with the window's ids; id 0 where a product vanished
        quint64 generation = 0;
        quint64 lastUsed = 0;
    };

    void start(bool keepRows);
    void requestFirstScreen();
    void requestIds();
    void acceptFirstScreen(quint64 generation, const Result<ProductPage> &result);
    void acceptIds(quint64 generation, const Result<ProductIdList> &result);
    void acceptWindow(quint64 generation, int window, const QList<qint64> &ids,
                      const Result<QList<ProductRow>> &result);
    void acceptRefresh(quint64 generation, quint64 sequence, const QList<qint64> &ids,
                       const Result<QList<ProductRow>> &result);
    void refreshAfterLoad(const QList<qint64> &loadedIds);
    void reportFailure(const Error &error);
    void setLoadingState(bool firstScreenInFlight, bool idsInFlight);

    // data() is const, but asking for an unloaded row is what schedules its
    // window: these touch only the cache bookkeeping, never the rows shown.
    const ProductRow *nosync_rowFor(int row) const;
    void nosync_want(int window) const;
    void issueWantedWindows();
    void evictWindows();
    QImage thumbnailFor(const ProductRow &row) const;
    QVariant displayText(const ProductRow &row, int column) const;

    Source m_source;
    Session m_session;
    ProductSearchQuery m_query;
    int m_firstScreenRows = DefaultFirstScreenRows;
    int m_windowRows = DefaultWindowRows;
    int m_maxCachedWindows = DefaultMaxCachedWindows;
    int m_thumbnailExtent = DefaultThumbnailExtent;

    quint64 m_generation = 0;
    QList<ProductRow> m_firstScreen; // rows 0..n-1 until windows hold them
    quint64 m_firstScreenGeneration = 0;
    std::optional<QList<qint64>> m_ids;
    bool m_truncated = false;
    bool m_firstScreenInFlight = false;
    bool m_idsInFlight = false;
    bool m_firstScreenDone = false;
    bool m_failureReported = false;

    mutable QHash<int, Window> m_windows;
    mutable QList<int> m_wantedWindows; // most recently wanted last
    mutable QSet<int> m_windowsInFlight;
    mutable QSet<int> m_failedWindows;
    mutable quint64 m_useClock = 0;
    mutable QTimer m_fetchTimer;
    mutable QCache<qint64, QImage> m_thumbnails;

    // Refreshes of the same product may land out of order (two readers):
    // only the latest one asked for each product is applied.
    quint64 m_refreshSequence = 0;
    QHash<qint64, quint64> m_latestRefreshOf;
    // Changed while the window or first screen holding them was on its way
    // (possibly read before the change): read again once it lands.
    QSet<qint64> m_refreshAfterLoad;

    int m_droppedStaleResults = 0;
    int m_windowRequests = 0;
    int m_refreshRequests = 0;
};

} // namespace sk
