#include "ProductTableModel.h"

#include <QFutureWatcher>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// Windows a fast scroll passed over are forgotten beyond this many: only
// what the view shows now is worth a trip to the database.
constexpr int MaxWantedWindows = 8;
// Decoded thumbnails kept; a screen shows a few dozen.
constexpr int MaxCachedThumbnails = 2000;

template<typename T, typename Accept>
void whenFinished(QObject *context, QFuture<T> future, Accept accept)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, context, [watcher, accept = std::move(accept)] {
        watcher->deleteLater();
        accept(watcher->result());
    });
    watcher->setFuture(future);
}

bool greyIsAvailable()
{
    // Without a GUI (tests, tools) there is no palette to ask.
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
}

} // namespace

ProductTableModel::Source ProductTableModel::Source::fromSearch(std::shared_ptr<ProductSearch> search)
{
    Source source;
    source.firstScreen = [search](const Session &session, const ProductSearchQuery &query, int limit) {
        return search->page(session, query, std::nullopt, limit);
    };
    source.orderedIds = [search](const Session &session, const ProductSearchQuery &query) {
        return search->orderedIds(session, query);
    };
    source.rows = [search](const Session &session, const QList<qint64> &ids) { return search->rows(session, ids); };
    return source;
}

ProductTableModel::ProductTableModel(std::shared_ptr<ProductSearch> search, QObject *parent)
    : ProductTableModel(Source::fromSearch(std::move(search)), parent)
{
}

ProductTableModel::ProductTableModel(Source source, QObject *parent)
    : QAbstractTableModel(parent), m_source(std::move(source)), m_thumbnails(MaxCachedThumbnails)
{
    m_fetchTimer.setSingleShot(true);
    m_fetchTimer.setInterval(0);
    connect(&m_fetchTimer, &QTimer::timeout, this, &ProductTableModel::issueWantedWindows);
}

ProductTableModel::~ProductTableModel() = default;

void ProductTableModel::setSession(const Session &session)
{
    m_session = session;
    start(false);
}

void ProductTableModel::setQuery(const ProductSearchQuery &query)
{
    if (query == m_query)
        return;
    m_query = query;
    start(false);
}

void ProductTableModel::reload()
{
    start(m_ids.has_value());
}

void ProductTableModel::refreshRows(const QList<qint64> &productIds)
{
    if (!m_session.isValid() || productIds.isEmpty())
        return;
    const QSet<qint64> changed(productIds.cbegin(), productIds.cend());
    QSet<qint64> loaded;
    if (m_firstScreenGeneration == m_generation)
        for (const ProductRow &row : std::as_const(m_firstScreen))
            if (changed.contains(row.id))
                loaded.insert(row.id);
    if (m_ids) {
        for (auto it = m_windows.cbegin(); it != m_windows.cend(); ++it) {
            if (it->generation != m_generation)
                continue; // a reload is reading these rows afresh anyway
            const QList<qint64> ids = m_ids->mid(qsizetype(it.key()) * m_windowRows, it->rows.size());
            for (qint64 id : ids)
                if (changed.contains(id))
                    loaded.insert(id);
        }
        for (int window : std::as_const(m_windowsInFlight))
            for (qint64 id : m_ids->mid(qsizetype(window) * m_windowRows, m_windowRows))
                if (changed.contains(id))
                    m_refreshAfterLoad.insert(id);
    }
    if (m_firstScreenInFlight)
        m_refreshAfterLoad.unite(changed);
    if (loaded.isEmpty())
        return;
    if (loaded.size() > ProductSearch::kMaxPageSize) {
        reload();
        return;
    }
    QList<qint64> ids(loaded.cbegin(), loaded.cend());
    std::sort(ids.begin(), ids.end());
    const quint64 sequence = ++m_refreshSequence;
    for (qint64 id : std::as_const(ids))
        m_latestRefreshOf.insert(id, sequence);
    ++m_refreshRequests;
    whenFinished(this, m_source.rows(m_session, ids),
                 [this, generation = m_generation, sequence, ids](const Result<QList<ProductRow>> &result) {
                     acceptRefresh(generation, sequence, ids, result);
                 });
}

void ProductTableModel::acceptRefresh(quint64 generation, quint64 sequence, const QList<qint64> &ids,
                                      const Result<QList<ProductRow>> &result)
{
    QSet<qint64> latest;
    for (qint64 id : ids) {
        const auto found = m_latestRefreshOf.constFind(id);
        if (found != m_latestRefreshOf.cend() && found.value() == sequence) {
            latest.insert(id);
            m_latestRefreshOf.erase(found);
        }
    }
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    // A failed refresh leaves the rows as they were: the next change or
    // reload reads them again, and the query itself did not fail.
    if (!result || latest.isEmpty())
        return;
    QHash<qint64, ProductRow> fresh;
    for (const ProductRow &row : *result)
        fresh.insert(row.id, row);
    // id 0 marks a product that vanished, as in a window.
    auto freshRow = [&fresh](qint64 id) { return fresh.value(id, ProductRow{}); };

    QList<int> changedRows;
    if (m_firstScreenGeneration == m_generation) {
        for (int row = 0; row < m_firstScreen.size(); ++row) {
            const qint64 id = m_firstScreen.at(row).id;
            if (latest.contains(id)) {
                m_firstScreen[row] = freshRow(id);
                changedRows.append(row);
            }
        }
    }
    if (m_ids) {
        for (auto it = m_windows.begin(); it != m_windows.end(); ++it) {
            if (it->generation != m_generation)
                continue;
            const int firstRow = it.key() * m_windowRows;
            for (int offset = 0; offset < it->rows.size() && firstRow + offset < m_ids->size(); ++offset) {
                const qint64 id = m_ids->at(firstRow + offset);
                if (latest.contains(id)) {
                    it->rows[offset] = freshRow(id);
                    changedRows.append(firstRow + offset);
                }
            }
        }
    }
    for (qint64 id : std::as_const(latest))
        m_thumbnails.remove(id);
    std::sort(changedRows.begin(), changedRows.end());
    changedRows.erase(std::unique(changedRows.begin(), changedRows.end()), changedRows.end());
    // One dataChanged per run of neighbouring rows.
    for (qsizetype i = 0; i < changedRows.size();) {
        qsizetype j = i;
        while (j + 1 < changedRows.size() && changedRows.at(j + 1) == changedRows.at(j) + 1)
            ++j;
        emit dataChanged(index(changedRows.at(i), 0), index(changedRows.at(j), ColumnCount - 1));
        i = j + 1;
    }
}

void ProductTableModel::refreshAfterLoad(const QList<qint64> &loadedIds)
{
    if (m_refreshAfterLoad.isEmpty())
        return;
    QList<qint64> again;
    for (qint64 id : loadedIds)
        if (m_refreshAfterLoad.remove(id))
            again.append(id);
    if (!again.isEmpty())
        refreshRows(again);
}

void ProductTableModel::setWindowRows(int rows)
{
    m_windowRows = std::clamp(rows, 1, ProductSearch::kMaxPageSize);
}

void ProductTableModel::setFirstScreenRows(int rows)
{
    m_firstScreenRows = std::clamp(rows, 1, ProductSearch::kMaxPageSize);
}

void ProductTableModel::setMaxCachedWindows(int windows)
{
    m_maxCachedWindows = std::max(1, windows);
    evictWindows();
}

void ProductTableModel::setThumbnailExtent(int pixels)
{
    m_thumbnailExtent = std::max(8, pixels);
    m_thumbnails.clear();
}

bool ProductTableModel::isRowLoaded(int row) const
{
    if (row < 0 || row >= rowCount())
        return false;
    const ProductRow *product = nosync_rowFor(row);
    return product && product->id != 0;
}

std::optional<ProductRow> ProductTableModel::productAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return std::nullopt;
    const ProductRow *product = nosync_rowFor(row);
    if (!product || product->id == 0)
        return std::nullopt;
    return *product;
}

qint64 ProductTableModel::productIdAt(int row) const
{
    if (m_ids)
        return row >= 0 && row < m_ids->size() ? m_ids->at(row) : 0;
    return row >= 0 && row < m_firstScreen.size() ? m_firstScreen.at(row).id : 0;
}

int ProductTableModel::rowOfProduct(qint64 productId) const
{
    if (m_ids)
        return int(m_ids->indexOf(productId));
    for (int row = 0; row < m_firstScreen.size(); ++row)
        if (m_firstScreen.at(row).id == productId)
            return row;
    return -1;
}

std::optional<ProductSort> ProductTableModel::sortFor(int column, Qt::SortOrder order)
{
    switch (column) {
    case NameColumn: return ProductSort::Name;
    case PriceColumn: return order == Qt::AscendingOrder ? ProductSort::PriceLow : ProductSort::PriceHigh;
    case RatingColumn: return ProductSort::Rating;
    case CreatedColumn: return ProductSort::Newest;
    default: return std::nullopt;
    }
}

std::pair<int, Qt::SortOrder> ProductTableModel::sortIndicatorFor(ProductSort sort, bool searching)
{
    switch (sort) {
    case ProductSort::Relevance: return {searching ? -1 : int(NameColumn), Qt::AscendingOrder};
    case ProductSort::Name: return {NameColumn, Qt::AscendingOrder};
    case ProductSort::PriceLow: return {PriceColumn, Qt::AscendingOrder};
    case ProductSort::PriceHigh: return {PriceColumn, Qt::DescendingOrder};
    case ProductSort::Rating: return {RatingColumn, Qt::DescendingOrder};
    case ProductSort::Newest: return {CreatedColumn, Qt::DescendingOrder};
    }
    return {-1, Qt::AscendingOrder};
}

int ProductTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return int(m_ids ? m_ids->size() : m_firstScreen.size());
}

int ProductTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProductTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    if (role == ProductIdRole)
        return productIdAt(row);
    const ProductRow *product = nosync_rowFor(row);
    if (role == IsLoadedRole)
        return product && product->id != 0;

    if (!product) {
        switch (role) {
        case Qt::DisplayRole: return column == NameColumn ? tr("Loading…") : QVariant();
        case Qt::ForegroundRole:
            if (greyIsAvailable())
                return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
            return {};
        default: return {};
        }
    }
    if (product->id == 0) {
        // Deleted (or moved out of this vendor's reach) since the list was made.
        if (role == Qt::DisplayRole && column == NameColumn)
            return tr("No longer available");
        if (role == Qt::ForegroundRole && greyIsAvailable())
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    }

    switch (role) {
    case Qt::DisplayRole: return displayText(*product, column);
    case Qt::DecorationRole:
        if (column == ThumbnailColumn) {
            const QImage image = thumbnailFor(*product);
            return image.isNull() ? QVariant() : QVariant(image);
        }
        return {};
    case Qt::ToolTipRole:
        if (column == NameColumn)
            return product->name;
        if (column == RatingColumn && product->reviewCount > 0)
            return tr("%1 out of 5 from %Ln review(s)", nullptr, product->reviewCount)
                .arg(QLocale().toString(product->averageRatingHundredths / 100.0, 'f', 2));
        return {};
    case Qt::TextAlignmentRole:
        if (column == PriceColumn || column == RatingColumn || column == VariantsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (column == ThumbnailColumn)
            return QVariant::fromValue(Qt::AlignCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (product->status != ProductStatus::Active && column == StatusColumn && greyIsAvailable())
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case StatusNameRole: return productStatusName(product->status);
    case PriceMinorUnitsRole: return product->minPrice.minorUnits();
    default: return {};
    }
}

QVariant ProductTableModel::displayText(const ProductRow &row, int column) const
{
    switch (column) {
    case NameColumn: return row.name;
    case SkuColumn: return row.sku;
    case BrandColumn: return row.brand;
    case VendorColumn: return row.vendorName;
    case CategoryColumn: return row.categoryName;
    case StatusColumn: return productStatusDisplayName(row.status);
    case PriceColumn: return row.minPrice.toString(QLocale());
    case RatingColumn:
        if (row.reviewCount == 0)
            return QString();
        return tr("%1 (%2)").arg(QLocale().toString(row.averageRatingHundredths / 100.0, 'f', 1),
                                 QLocale().toString(row.reviewCount));
    case VariantsColumn: return QLocale().toString(row.variantCount);
    case CreatedColumn: return QLocale().toString(row.createdAt.toLocalTime().date(), QLocale::ShortFormat);
    default: return {};
    }
}

QVariant ProductTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::InitialSortOrderRole) {
        // The first click asks for what a shop wants first: best rated, newest.
        if (section == RatingColumn || section == CreatedColumn)
            return int(Qt::DescendingOrder);
        return int(Qt::AscendingOrder);
    }
    if (role == Qt::ToolTipRole && section == ThumbnailColumn)
        return tr("Picture");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ThumbnailColumn: return QString();
    case NameColumn: return tr("Name");
    case SkuColumn: return tr("SKU");
    case BrandColumn: return tr("Brand");
    case VendorColumn: return tr("Vendor");
    case CategoryColumn: return tr("Category");
    case StatusColumn: return tr("Status");
    case PriceColumn: return tr("Price");
    case RatingColumn: return tr("Rating");
    case VariantsColumn: return tr("Variants");
    case CreatedColumn: return tr("Created");
    default: return {};
    }
}

void ProductTableModel::sort(int column, Qt::SortOrder order)
{
    const std::optional<ProductSort> sort = sortFor(column, order);
    if (!sort)
        return;
    ProductSearchQuery query = m_query;
    query.sort = *sort;
    setQuery(query);
}

void ProductTableModel::start(bool keepRows)
{
    const qint64 previousTotal = totalCount();
    const bool wasLoading = isLoading();
    if (!keepRows)
        beginResetModel();
    // Whatever is still on its way belongs to the previous query now.
    ++m_generation;
    m_wantedWindows.clear();
    m_windowsInFlight.clear();
    m_failedWindows.clear();
    m_fetchTimer.stop();
    m_thumbnails.clear();
    m_refreshAfterLoad.clear();
    m_failureReported = false;
    // A reload keeps the loaded rows (now of an older generation) on screen
    // while the same products are at the same rows, until fresh windows
    // replace them; a new query starts from nothing.
    if (!keepRows) {
        m_firstScreen.clear();
        m_ids.reset();
        m_windows.clear();
        m_truncated = false;
        m_firstScreenDone = false;
    }
    m_firstScreenInFlight = m_session.isValid() && !keepRows;
    m_idsInFlight = m_session.isValid();
    // Asked for before the reset is announced, so that a view repainting on
    // modelReset finds them on their way.
    if (m_firstScreenInFlight)
        requestFirstScreen();
    if (m_idsInFlight)
        requestIds();
    if (!keepRows)
        endResetModel();
    if (previousTotal != totalCount())
        emit totalCountChanged(totalCount());
    if (wasLoading != isLoading())
        emit loadingChanged(isLoading());
}

void ProductTableModel::requestFirstScreen()
{
    whenFinished(this, m_source.firstScreen(m_session, m_query, m_firstScreenRows),
                 [this, generation = m_generation](const Result<ProductPage> &result) {
                     acceptFirstScreen(generation, result);
                 });
}

void ProductTableModel::requestIds()
{
    whenFinished(this, m_source.orderedIds(m_session, m_query),
                 [this, generation = m_generation](const Result<ProductIdList> &result) {
                     acceptIds(generation, result);
                 });
}

void ProductTableModel::acceptFirstScreen(quint64 generation, const Result<ProductPage> &result)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    setLoadingState(false, m_idsInFlight);
    if (!result) {
        reportFailure(result.error());
        return;
    }
    m_firstScreenDone = true;
    const QList<ProductRow> &rows = result->rows;
    if (!m_ids) {
        if (!rows.isEmpty()) {
            beginInsertRows({}, 0, int(rows.size()) - 1);
            m_firstScreen = rows;
            m_firstScreenGeneration = generation;
            endInsertRows();
        }
    } else {
        // The ids came first: the page is worth keeping as far as it shows the
        // same products in the same places (the catalog may have changed
        // between the two reads).
        qsizetype matching = 0;
        while (matching < rows.size() && matching < m_ids->size() && rows.at(matching).id == m_ids->at(matching))
            ++matching;
        m_firstScreen = rows.first(matching);
        m_firstScreenGeneration = generation;
        if (matching > 0)
            emit dataChanged(index(0, 0), index(int(matching) - 1, ColumnCount - 1));
    }
    emit firstScreenLoaded();
    QList<qint64> shown;
    for (const ProductRow &row : std::as_const(m_firstScreen))
        shown.append(row.id);
    refreshAfterLoad(shown);
}

void ProductTableModel::acceptIds(quint64 generation, const Result<ProductIdList> &result)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    setLoadingState(m_firstScreenInFlight, false);
    if (!result) {
        reportFailure(result.error());
        return;
    }
    const QList<qint64> &ids = result->ids;
    const qint64 previousTotal = totalCount();
    const int oldCount = rowCount();
    const int newCount = int(ids.size());
    if (newCount > oldCount) {
        beginInsertRows({}, oldCount, newCount - 1);
        m_ids = ids;
        endInsertRows();
    } else if (newCount < oldCount) {
        beginRemoveRows({}, newCount, oldCount - 1);
        m_ids = ids;
        endRemoveRows();
    } else {
        m_ids = ids;
    }
    m_truncated = result->truncated;

    qsizetype matching = 0;
    while (matching < m_firstScreen.size() && matching < ids.size()
           && m_firstScreen.at(matching).id == ids.at(matching))
        ++matching;
    m_firstScreen.resize(matching);

    // Rows the view shows ask again: those not in the first screen (or whose
    // product moved after a reload) schedule their windows now.
    if (newCount > 0)
        emit dataChanged(index(0, 0), index(newCount - 1, ColumnCount - 1));
    if (previousTotal != totalCount())
        emit totalCountChanged(totalCount());
    emit idsLoaded();
}

const ProductRow *ProductTableModel::nosync_rowFor(int row) const
{
    if (!m_ids)
        return row < m_firstScreen.size() ? &m_firstScreen.at(row) : nullptr;
    const qint64 id = m_ids->at(row);
    const int window = row / m_windowRows;
    const auto found = m_windows.find(window);
    if (found != m_windows.end()) {
        found->lastUsed = ++m_useClock;
        const qsizetype offset = row - qsizetype(window) * m_windowRows;
        const ProductRow *cached = offset < found->rows.size() ? &found->rows.at(offset) : nullptr;
        if (found->generation == m_generation && cached)
            return cached;
        nosync_want(window);
        return cached && cached->id == id ? cached : nullptr;
    }
    if (row < m_firstScreen.size()) {
        const ProductRow *first = &m_firstScreen.at(row);
        if (m_firstScreenGeneration == m_generation)
            return first;
        nosync_want(window);
        return first->id == id ? first : nullptr;
    }
    nosync_want(window);
    return nullptr;
}

void ProductTableModel::nosync_want(int window) const
{
    // After a reload, windows wait for the new id list: until it is here
    // nobody knows which products a window holds.
    if (m_idsInFlight || !m_ids)
        return;
    if (m_windowsInFlight.contains(window) || m_failedWindows.contains(window))
        return;
    const auto cached = m_windows.constFind(window);
    if (cached != m_windows.cend() && cached->generation == m_generation)
        return;
    m_wantedWindows.removeOne(window);
    m_wantedWindows.append(window);
    if (m_wantedWindows.size() > MaxWantedWindows)
        m_wantedWindows.removeFirst();
    // Coalesced: one paint asks for the same window for every cell it shows.
    if (!m_fetchTimer.isActive())
        m_fetchTimer.start();
}

void ProductTableModel::issueWantedWindows()
{
    while (m_windowsInFlight.size() < MaxWindowsInFlight && !m_wantedWindows.isEmpty() && m_ids) {
        const int window = m_wantedWindows.takeLast();
        const QList<qint64> ids = m_ids->mid(qsizetype(window) * m_windowRows, m_windowRows);
        if (ids.isEmpty() || m_windowsInFlight.contains(window))
            continue;
        m_windowsInFlight.insert(window);
        ++m_windowRequests;
        whenFinished(this, m_source.rows(m_session, ids),
                     [this, generation = m_generation, window, ids](const Result<QList<ProductRow>> &result) {
                         acceptWindow(generation, window, ids, result);
                     });
    }
}

void ProductTableModel::acceptWindow(quint64 generation, int window, const QList<qint64> &ids,
                                     const Result<QList<ProductRow>> &result)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    m_windowsInFlight.remove(window);
    if (!m_ids || m_ids->mid(qsizetype(window) * m_windowRows, m_windowRows) != ids) {
        ++m_droppedStaleResults;
        issueWantedWindows();
        return;
    }
    if (!result) {
        // Not asked again for this query; reload() retries.
        m_failedWindows.insert(window);
        reportFailure(result.error());
        issueWantedWindows();
        return;
    }
    QHash<qint64, qsizetype> found;
    found.reserve(result->size());
    for (qsizetype i = 0; i < result->size(); ++i)
        found.insert(result->at(i).id, i);
    Window loaded;
    loaded.generation = generation;
    loaded.lastUsed = ++m_useClock;
    loaded.rows.reserve(ids.size());
    for (qint64 id : ids) {
        const qsizetype at = found.value(id, -1);
        loaded.rows.append(at >= 0 ? result->at(at) : ProductRow{});
    }
    m_windows.insert(window, std::move(loaded));
    evictWindows();

    const int firstRow = window * m_windowRows;
    const int lastRow = firstRow + int(ids.size()) - 1;
    emit dataChanged(index(firstRow, 0), index(lastRow, ColumnCount - 1));
    emit windowLoaded(firstRow, lastRow);
    refreshAfterLoad(ids);
    issueWantedWindows();
}

void ProductTableModel::evictWindows()
{
    while (m_windows.size() > m_maxCachedWindows) {
        auto oldest = m_windows.begin();
        for (auto it = m_windows.begin(); it != m_windows.end(); ++it)
            if (it->lastUsed < oldest->lastUsed)
                oldest = it;
        m_windows.erase(oldest);
    }
}

QImage ProductTableModel::thumbnailFor(const ProductRow &row) const
{
    if (row.thumbnail.isEmpty())
        return {};
    if (const QImage *cached = m_thumbnails.object(row.id))
        return *cached;
    QImage image = QImage::fromData(row.thumbnail);
    if (!image.isNull() && (image.width() > m_thumbnailExtent || image.height() > m_thumbnailExtent))
        image = image.scaled(m_thumbnailExtent, m_thumbnailExtent, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    // A picture that does not decode is remembered too (as null), so it is
    // not decoded again on every paint.
    m_thumbnails.insert(row.id, new QImage(image));
    return image;
}

void ProductTableModel::reportFailure(const Error &error)
{
    if (m_failureReported)
        return;
    m_failureReported = true;
    emit loadFailed(error.message, error.details);
}

void ProductTableModel::setLoadingState(bool firstScreenInFlight, bool idsInFlight)
{
    const bool wasLoading = isLoading();
    m_firstScreenInFlight = firstScreenInFlight;
    m_idsInFlight = idsInFlight;
    if (wasLoading != isLoading())
        emit loadingChanged(isLoading());
}

} // namespace sk
