#include "StockLevelTableModel.h"

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
constexpr int MaxWindowRows = 500;

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

bool paletteIsAvailable()
{
    // Without a GUI (tests, tools) there is no palette to ask.
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
}

QVariant greyText()
{
    if (!paletteIsAvailable())
        return {};
    return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
}

bool isLow(const StockLevel &level)
{
    return level.available() <= level.reorderLevel;
}

} // namespace

StockLevelTableModel::Source StockLevelTableModel::Source::fromSearch(std::shared_ptr<StockLevelSearch> search)
{
    Source source;
    source.orderedIds = [search](const Session &session, const StockLevelQuery &query) {
        return search->orderedIds(session, query);
    };
    source.rows = [search](const Session &session, const QList<qint64> &ids) { return search->rows(session, ids); };
    return source;
}

StockLevelTableModel::StockLevelTableModel(std::shared_ptr<StockLevelSearch> search, QObject *parent)
    : StockLevelTableModel(Source::fromSearch(std::move(search)), parent)
{
}

StockLevelTableModel::StockLevelTableModel(Source source, QObject *parent)
    : QAbstractTableModel(parent), m_source(std::move(source))
{
    m_fetchTimer.setSingleShot(true);
    m_fetchTimer.setInterval(0);
    connect(&m_fetchTimer, &QTimer::timeout, this, &StockLevelTableModel::issueWantedWindows);
}

StockLevelTableModel::~StockLevelTableModel() = default;

void StockLevelTableModel::setSession(const Session &session)
{
    m_session = session;
    start(false);
}

void StockLevelTableModel::setQuery(const StockLevelQuery &query)
{
    if (query == m_query)
        return;
    m_query = query;
    start(false);
}

void StockLevelTableModel::reload()
{
    start(m_ids.has_value());
}

void StockLevelTableModel::setWindowRows(int rows)
{
    m_windowRows = std::clamp(rows, 1, MaxWindowRows);
    m_windows.clear();
}

void StockLevelTableModel::setMaxCachedWindows(int windows)
{
    m_maxCachedWindows = std::max(1, windows);
    evictWindows();
}

bool StockLevelTableModel::isRowLoaded(int row) const
{
    if (row < 0 || row >= rowCount())
        return false;
    const StockLevel *level = nosync_rowFor(row);
    return level && level->id != 0;
}

std::optional<StockLevel> StockLevelTableModel::levelAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return std::nullopt;
    const StockLevel *level = nosync_rowFor(row);
    if (!level || level->id == 0)
        return std::nullopt;
    return *level;
}

qint64 StockLevelTableModel::levelIdAt(int row) const
{
    return m_ids && row >= 0 && row < m_ids->size() ? m_ids->at(row) : 0;
}

int StockLevelTableModel::rowOfLevel(qint64 levelId) const
{
    return m_rowOfId.value(levelId, -1);
}

int StockLevelTableModel::firstLoadedRowOfVariant(qint64 variantId) const
{
    int best = -1;
    for (auto it = m_windows.cbegin(); it != m_windows.cend(); ++it) {
        if (it->generation != m_generation)
            continue;
        for (qsizetype i = 0; i < it->rows.size(); ++i) {
            const StockLevel &level = it->rows.at(i);
            if (level.id == 0 || level.variantId != variantId)
                continue;
            const int row = it.key() * m_windowRows + int(i);
            if (best < 0 || row < best)
                best = row;
        }
    }
    return best;
}

std::optional<StockSort> StockLevelTableModel::sortFor(int column)
{
    switch (column) {
    case ProductColumn: return StockSort::Name;
    case SkuColumn: return StockSort::Sku;
    case OnHandColumn: return StockSort::OnHand;
    case AvailableColumn: return StockSort::Available;
    case ValueColumn: return StockSort::Value;
    default: return std::nullopt;
    }
}

int StockLevelTableModel::columnFor(StockSort sort)
{
    switch (sort) {
    case StockSort::Name: return ProductColumn;
    case StockSort::Sku: return SkuColumn;
    case StockSort::OnHand: return OnHandColumn;
    case StockSort::Available: return AvailableColumn;
    case StockSort::Value: return ValueColumn;
    }
    return ProductColumn;
}

int StockLevelTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_ids)
        return 0;
    return int(m_ids->size());
}

int StockLevelTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StockLevelTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    if (role == LevelIdRole)
        return levelIdAt(row);
    const StockLevel *level = nosync_rowFor(row);
    if (role == IsLoadedRole)
        return level && level->id != 0;

    if (!level || level->id == 0) {
        if (role == Qt::DisplayRole && column == ProductColumn)
            return level ? tr("No longer available") : tr("Loading…");
        if (role == Qt::ForegroundRole)
            return greyText();
        return {};
    }

    switch (role) {
    case Qt::DisplayRole: return displayText(*level, column);
    case Qt::ToolTipRole:
        if (column == ProductColumn)
            return level->vendorName.isEmpty() ? level->productName
                                               : tr("%1 (%2)").arg(level->productName, level->vendorName);
        if (column == AvailableColumn && isLow(*level))
            return tr("At or below the reorder level of %1.").arg(QLocale().toString(level->reorderLevel));
        return {};
    case Qt::TextAlignmentRole: {
        const bool number = column == OnHandColumn || column == ReservedColumn || column == AvailableColumn
                            || column == ReorderLevelColumn || column == UnitCostColumn || column == ValueColumn;
        return QVariant::fromValue((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    case Qt::ForegroundRole:
        // Out of stock stands out in red; low in the palette's link colour,
        // which every theme keeps readable.
        if (column == AvailableColumn && paletteIsAvailable()) {
            if (level->available() <= 0)
                return QVariant::fromValue(QColor(Qt::red).darker(130));
            if (isLow(*level))
                return QGuiApplication::palette().brush(QPalette::Link);
        }
        return {};
    case VariantIdRole: return level->variantId;
    case LocationIdRole: return level->locationId;
    case IsLowRole: return isLow(*level);
    default: return {};
    }
}

QVariant StockLevelTableModel::displayText(const StockLevel &level, int column) const
{
    const QLocale locale;
    switch (column) {
    case ProductColumn: return level.productName;
    case OptionsColumn: return level.options;
    case SkuColumn: return level.sku;
    case LocationColumn: return level.locationName;
    case OnHandColumn: return locale.toString(level.onHand);
    case ReservedColumn: return level.reserved == 0 ? QString() : locale.toString(level.reserved);
    case AvailableColumn: return locale.toString(level.available());
    case ReorderLevelColumn: return locale.toString(level.reorderLevel);
    case BinColumn: return level.bin;
    case UnitCostColumn: return level.unitCost ? level.unitCost->toString(locale) : QString();
    case ValueColumn: {
        if (!level.unitCost)
            return QString();
        const std::optional<Money> value = level.unitCost->checkedMultiply(level.onHand);
        return value ? value->toString(locale) : QString();
    }
    default: return {};
    }
}

QVariant StockLevelTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::InitialSortOrderRole) {
        // Quantities and value: the biggest first is what a first click wants.
        const bool biggestFirst = section == OnHandColumn || section == AvailableColumn || section == ValueColumn;
        return int(biggestFirst ? Qt::DescendingOrder : Qt::AscendingOrder);
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ReservedColumn: return tr("Held for orders waiting to be paid or shipped and for parked carts.");
        case AvailableColumn: return tr("On hand minus reserved: what can be sold now.");
        case UnitCostColumn: return tr("Moving average cost of one unit.");
        case ValueColumn: return tr("On hand times unit cost.");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ProductColumn: return tr("Product");
    case OptionsColumn: return tr("Options");
    case SkuColumn: return tr("SKU");
    case LocationColumn: return tr("Location");
    case OnHandColumn: return tr("On hand");
    case ReservedColumn: return tr("Reserved");
    case AvailableColumn: return tr("Available");
    case ReorderLevelColumn: return tr("Reorder at");
    case BinColumn: return tr("Bin");
    case UnitCostColumn: return tr("Unit cost");
    case ValueColumn: return tr("Value");
    default: return {};
    }
}

void StockLevelTableModel::sort(int column, Qt::SortOrder order)
{
    const std::optional<StockSort> sort = sortFor(column);
    if (!sort)
        return;
    StockLevelQuery query = m_query;
    query.sort = *sort;
    query.descending = order == Qt::DescendingOrder;
    setQuery(query);
}

void StockLevelTableModel::start(bool keepRows)
{
    const qint64 previousTotal = totalCount();
    if (!keepRows)
        beginResetModel();
    // Whatever is still on its way belongs to the previous query now.
    ++m_generation;
    m_wantedWindows.clear();
    m_windowsInFlight.clear();
    m_failedWindows.clear();
    m_fetchTimer.stop();
    m_failureReported = false;
    if (!keepRows) {
        m_ids.reset();
        m_rowOfId.clear();
        m_windows.clear();
    }
    const bool wasLoading = m_idsInFlight;
    m_idsInFlight = m_session.isValid();
    if (m_idsInFlight)
        requestIds();
    if (!keepRows)
        endResetModel();
    if (wasLoading != m_idsInFlight)
        emit loadingChanged(m_idsInFlight);
    if (previousTotal != totalCount())
        emit totalCountChanged(totalCount());
}

void StockLevelTableModel::requestIds()
{
    whenFinished(this, m_source.orderedIds(m_session, m_query),
                 [this, generation = m_generation](const Result<QList<qint64>> &result) {
                     acceptIds(generation, result);
                 });
}

void StockLevelTableModel::acceptIds(quint64 generation, const Result<QList<qint64>> &result)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    if (!result) {
        setIdsInFlight(false);
        reportFailure(result.error());
        return;
    }
    const QList<qint64> &ids = result.value();
    const qint64 previousTotal = totalCount();
    const int oldCount = rowCount();
    const int newCount = int(ids.size());
    const auto assign = [this, &ids] {
        m_ids = ids;
        m_rowOfId.clear();
        m_rowOfId.reserve(ids.size());
        for (qsizetype row = 0; row < ids.size(); ++row)
            m_rowOfId.insert(ids.at(row), int(row));
    };
    // The flag goes down before rows are announced: views ask for data from
    // their rowsInserted handlers, and windows wait while ids are in flight.
    m_idsInFlight = false;
    if (newCount > oldCount) {
        beginInsertRows({}, oldCount, newCount - 1);
        assign();
        endInsertRows();
    } else if (newCount < oldCount) {
        beginRemoveRows({}, newCount, oldCount - 1);
        assign();
        endRemoveRows();
    } else {
        assign();
    }
    if (newCount > 0)
        emit dataChanged(index(0, 0), index(newCount - 1, ColumnCount - 1));
    if (previousTotal != totalCount())
        emit totalCountChanged(totalCount());
    emit loadingChanged(false);
    emit idsLoaded();
}

void StockLevelTableModel::refreshRows(const QList<qint64> &levelIds)
{
    if (!m_session.isValid() || !m_ids)
        return;
    QList<qint64> shown;
    for (qint64 id : levelIds) {
        const int row = rowOfLevel(id);
        if (row < 0)
            continue;
        const auto window = m_windows.constFind(row / m_windowRows);
        if (window != m_windows.cend())
            shown.append(id);
    }
    if (shown.isEmpty())
        return;
    whenFinished(this, m_source.rows(m_session, shown),
                 [this, generation = m_generation](const Result<QList<StockLevel>> &result) {
                     acceptRefresh(generation, result);
                 });
}

void StockLevelTableModel::acceptRefresh(quint64 generation, const Result<QList<StockLevel>> &result)
{
    if (generation != m_generation) {
        ++m_droppedStaleResults;
        return;
    }
    if (!result)
        return; // the next change or reload tries again; the old figures stay
    QList<qint64> refreshed;
    for (const StockLevel &level : result.value()) {
        const int row = rowOfLevel(level.id);
        if (row < 0)
            continue;
        const auto window = m_windows.find(row / m_windowRows);
        if (window == m_windows.end())
            continue;
        const qsizetype offset = row - qsizetype(window.key()) * m_windowRows;
        if (offset >= window->rows.size())
            continue;
        window->rows[offset] = level;
        refreshed.append(level.id);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    if (!refreshed.isEmpty())
        emit rowsRefreshed(refreshed);
}

const StockLevel *StockLevelTableModel::nosync_rowFor(int row) const
{
    if (!m_ids || row < 0 || row >= m_ids->size())
        return nullptr;
    const qint64 id = m_ids->at(row);
    const int window = row / m_windowRows;
    const auto found = m_windows.find(window);
    if (found == m_windows.end()) {
        nosync_want(window);
        return nullptr;
    }
    found->lastUsed = ++m_useClock;
    const qsizetype offset = row - qsizetype(window) * m_windowRows;
    const StockLevel *cached = offset < found->rows.size() ? &found->rows.at(offset) : nullptr;
    if (found->generation == m_generation && cached)
        return cached;
    // After a reload the old row stays on screen while the same level is at
    // the same row, until its fresh window lands.
    nosync_want(window);
    return cached && cached->id == id ? cached : nullptr;
}

void StockLevelTableModel::nosync_want(int window) const
{
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

void StockLevelTableModel::issueWantedWindows()
{
    while (m_windowsInFlight.size() < MaxWindowsInFlight && !m_wantedWindows.isEmpty() && m_ids) {
        const int window = m_wantedWindows.takeLast();
        const QList<qint64> ids = m_ids->mid(qsizetype(window) * m_windowRows, m_windowRows);
        if (ids.isEmpty() || m_windowsInFlight.contains(window))
            continue;
        m_windowsInFlight.insert(window);
        ++m_windowRequests;
        whenFinished(this, m_source.rows(m_session, ids),
                     [this, generation = m_generation, window, ids](const Result<QList<StockLevel>> &result) {
                         acceptWindow(generation, window, ids, result);
                     });
    }
}

void StockLevelTableModel::acceptWindow(quint64 generation, int window, const QList<qint64> &ids,
                                        const Result<QList<StockLevel>> &result)
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
        loaded.rows.append(at >= 0 ? result->at(at) : StockLevel{});
    }
    m_windows.insert(window, std::move(loaded));
    evictWindows();

    const int firstRow = window * m_windowRows;
    const int lastRow = firstRow + int(ids.size()) - 1;
    emit dataChanged(index(firstRow, 0), index(lastRow, ColumnCount - 1));
    emit windowLoaded(firstRow, lastRow);
    issueWantedWindows();
}

void StockLevelTableModel::evictWindows()
{
    while (m_windows.size() > m_maxCachedWindows) {
        auto oldest = m_windows.begin();
        for (auto it = m_windows.begin(); it != m_windows.end(); ++it)
            if (it->lastUsed < oldest->lastUsed)
                oldest = it;
        m_windows.erase(oldest);
    }
}

void StockLevelTableModel::reportFailure(const Error &error)
{
    if (m_failureReported)
        return;
    m_failureReported = true;
    emit loadFailed(error.message, error.details);
}

void StockLevelTableModel::setIdsInFlight(bool inFlight)
{
    if (m_idsInFlight == inFlight)
        return;
    m_idsInFlight = inFlight;
    emit loadingChanged(inFlight);
}

} // namespace sk
