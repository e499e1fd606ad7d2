#include "KeysetTableModel.h"

#include <algorithm>

namespace sk {

KeysetTableModel::KeysetTableModel(int columnCount, int defaultPageSize, int maxPageSize, QObject *parent)
    : QAbstractTableModel(parent), m_columnCount(columnCount), m_maxPageSize(maxPageSize),
      m_pageSize(defaultPageSize)
{
}

KeysetTableModel::~KeysetTableModel() = default;

void KeysetTableModel::setSession(const Session &session)
{
    m_session = session;
    restart();
}

void KeysetTableModel::setPageSize(int rows)
{
    m_pageSize = std::clamp(rows, 1, m_maxPageSize);
}

void KeysetTableModel::reload()
{
    restart(std::clamp(int(loadedRows()), m_pageSize, m_maxPageSize));
}

int KeysetTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(loadedRows());
}

int KeysetTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columnCount;
}

bool KeysetTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_session.isValid() && !m_atEnd && !m_pageInFlight;
}

void KeysetTableModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        requestPage(m_pageSize);
}

void KeysetTableModel::restart(int firstPageRows)
{
    const bool wasLoading = m_pageInFlight;
    beginResetModel();
    // Whatever is still on its way belongs to the previous query now.
    ++m_generation;
    forgetRows();
    m_atEnd = false;
    m_firstPageLoaded = false;
    m_pageInFlight = false;
    // Asked for before the reset is announced, so a view that calls
    // fetchMore() on modelReset finds the first page already on its way.
    if (m_session.isValid()) {
        startCount();
        requestPage(firstPageRows);
    }
    endResetModel();
    if (wasLoading && !m_pageInFlight)
        emit loadingChanged(false);
}

void KeysetTableModel::requestPage(int rows)
{
    if (!m_session.isValid() || m_pageInFlight || m_atEnd)
        return;
    setPageInFlight(true);
    startPage(std::clamp(rows, 1, m_maxPageSize));
}

int KeysetTableModel::beginRefresh()
{
    if (!m_session.isValid() || m_pageInFlight)
        return 0;
    setPageInFlight(true);
    return std::clamp(int(loadedRows()), m_pageSize, m_maxPageSize);
}

bool KeysetTableModel::isCurrent(quint64 generation)
{
    if (generation == m_generation)
        return true;
    ++m_droppedStaleResults;
    return false;
}

void KeysetTableModel::pageFailed(const Error &error)
{
    // Stop here so a view does not ask again and again; reload() retries.
    m_atEnd = true;
    setPageInFlight(false);
    emit loadFailed(error.message, error.details);
}

void KeysetTableModel::pageArriving(qsizetype received, int requested)
{
    if (received < requested)
        m_atEnd = true;
    m_firstPageLoaded = true;
    setPageInFlight(false);
}

void KeysetTableModel::refreshArriving(qsizetype received, int requested)
{
    m_atEnd = received < requested;
    m_firstPageLoaded = true;
    setPageInFlight(false);
}

void KeysetTableModel::countArrived(const Result<qint64> &count)
{
    // A failed count keeps the last one: the page request reports the same
    // failure, and one message is enough.
    if (!count || count.value() == m_totalCount)
        return;
    m_totalCount = count.value();
    emit totalCountChanged(m_totalCount);
}

void KeysetTableModel::setPageInFlight(bool inFlight)
{
    if (inFlight == m_pageInFlight)
        return;
    m_pageInFlight = inFlight;
    emit loadingChanged(inFlight);
}

} // namespace sk
