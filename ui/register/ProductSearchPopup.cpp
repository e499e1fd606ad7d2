#include "register/ProductSearchPopup.h"

#include "catalog/ProductSearch.h"
#include "common/InlineMessage.h"

#include <QCoro/QCoroFuture>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPointer>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sk {

namespace {

constexpr int SkuRole = Qt::UserRole + 1;

} // namespace

ProductSearchPopup::ProductSearchPopup(std::shared_ptr<ProductSearch> search, const Session &session,
                                       QWidget *parent)
    : QDialog(parent),
      m_search(std::move(search)),
      m_session(session),
      m_text(new QLineEdit(this)),
      m_list(new QListWidget(this)),
      m_message(new InlineMessage(this))
{
    setObjectName(u"productSearchPopup"_s);
    setWindowTitle(tr("Find an item"));
    m_text->setObjectName(u"productSearchText"_s);
    m_text->setPlaceholderText(tr("Name or SKU"));
    m_text->setClearButtonEnabled(true);
    m_text->installEventFilter(this);
    m_list->setObjectName(u"productSearchMatches"_s);
    m_list->setAccessibleName(tr("Matching items"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(m_message);
    layout->addWidget(m_list, 1);
    resize(fontMetrics().horizontalAdvance(u"x"_s) * 70, fontMetrics().height() * 22);

    m_delay.setSingleShot(true);
    m_delay.setInterval(150ms);
    connect(m_text, &QLineEdit::textChanged, &m_delay, qOverload<>(&QTimer::start));
    connect(&m_delay, &QTimer::timeout, this, &ProductSearchPopup::search);
    connect(m_list, &QListWidget::itemActivated, this, &ProductSearchPopup::pick);
}

bool ProductSearchPopup::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_text && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const int count = m_list->count();
        switch (key->key()) {
        case Qt::Key_Down:
            if (count > 0)
                m_list->setCurrentRow(std::min(m_list->currentRow() + 1, count - 1));
            return true;
        case Qt::Key_Up:
            if (count > 0)
                m_list->setCurrentRow(std::max(m_list->currentRow() - 1, 0));
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (m_delay.isActive() || m_searching) {
                // Enter before the matches came: search now, pick when they arrive.
                m_delay.stop();
                m_pickWhenFound = true;
                search();
                return true;
            }
            pick();
            return true;
        default: break;
        }
    }
    return QDialog::eventFilter(watched, event);
}

QCoro::Task<> ProductSearchPopup::search()
{
    QPointer<ProductSearchPopup> guard(this);
    const quint64 generation = ++m_generation;
    ProductSearchQuery query;
    query.text = m_text->text().trimmed();
    query.status = ProductStatus::Active;
    if (query.text.isEmpty()) {
        m_list->clear();
        co_return;
    }
    m_searching = true;
    const QFuture<Result<ProductPage>> pending = m_search->page(m_session, query, std::nullopt, kMaxMatches);
    const Result<ProductPage> page = co_await pending;
    if (!guard || generation != m_generation)
        co_return;
    m_searching = false;
    m_list->clear();
    if (!page) {
        m_message->showError(page.error().message);
        co_return;
    }
    m_message->clear();
    const QLocale locale;
    for (const ProductRow &row : page->rows) {
        if (row.sku.isEmpty())
            continue;
        auto *item = new QListWidgetItem(
            tr("%1 · %2 · %3").arg(row.name, row.sku, row.minPrice.isValid() ? row.minPrice.toString(locale) : QString()),
            m_list);
        item->setData(SkuRole, row.sku);
    }
    if (m_list->count() == 0)
        m_message->showInformation(tr("Nothing matches “%1”.").arg(query.text));
    else
        m_list->setCurrentRow(0);
    if (std::exchange(m_pickWhenFound, false))
        pick();
}

void ProductSearchPopup::pick()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    emit picked(item->data(SkuRole).toString());
    accept();
}

} // namespace sk
