#include "register/SuggestionsPanel.h"

#include "recommendations/Recommendations.h"

#include <QAction>
#include <QCoro/QCoroFuture>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPointer>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int SkuRole = Qt::UserRole + 1;

QList<qint64> productIdsOf(const Cart &cart)
{
    QList<qint64> ids;
    for (const CartLine &line : cart.lines)
        if (!ids.contains(line.productId))
            ids.append(line.productId);
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

SuggestionsPanel::SuggestionsPanel(QWidget *parent)
    : QWidget(parent), m_list(new QListWidget(this)), m_debounce(new QTimer(this))
{
    setObjectName(u"suggestionsPanel"_s);
    m_list->setObjectName(u"suggestionsList"_s);
    m_list->setAccessibleName(tr("Often bought together"));
    // The scan box keeps the focus: suggestions are clicked or taken with Alt+digit.
    m_list->setFocusPolicy(Qt::NoFocus);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Often bought together"), this));
    layout->addWidget(m_list, 1);
    connect(m_list, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) { activate(m_list->row(item)); });
    for (int i = 0; i < kMaxSuggestions; ++i) {
        auto *action = new QAction(this);
        action->setObjectName(u"suggestionAction%1"_s.arg(i + 1));
        action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        // Anywhere in the register's window, while the panel shows.
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, [this, i] { activate(i); });
        addAction(action);
        m_shortcuts.append(action);
    }
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, [this] { load(m_session, m_cart); });
    setVisible(false);
}

SuggestionsPanel::Provider SuggestionsPanel::recommendationsProvider(std::shared_ptr<Recommendations> recommendations)
{
    return [recommendations](const Session &session, const Cart &cart) {
        return recommendations->forCart(session, productIdsOf(cart), kMaxSuggestions)
            .then([](const Result<QList<Recommendation>> &found) {
                // A suggestion that cannot be read is no reason to interrupt a sale.
                QList<Suggestion> suggestions;
                if (found)
                    for (const Recommendation &recommendation : found.value())
                        suggestions.append({recommendation.name, recommendation.sku, Money()});
                return suggestions;
            });
    };
}

void SuggestionsPanel::setProvider(Provider provider)
{
    m_provider = std::move(provider);
    m_productIds.clear();
}

void SuggestionsPanel::refresh(const Session &session, const Cart &cart)
{
    const QList<qint64> productIds = productIdsOf(cart);
    if (!m_provider || productIds.isEmpty()) {
        m_debounce->stop();
        m_productIds.clear();
        clear();
        return;
    }
    // A quantity, price or discount change keeps the suggestions.
    if (productIds == m_productIds)
        return;
    m_productIds = productIds;
    m_session = session;
    m_cart = cart;
    m_debounce->start();
}

void SuggestionsPanel::clear()
{
    ++m_generation;
    m_list->clear();
    setVisible(false);
}

void SuggestionsPanel::activate(int row)
{
    if (!isVisible() || row < 0 || row >= m_list->count())
        return;
    emit addRequested(m_list->item(row)->data(SkuRole).toString());
}

QCoro::Task<> SuggestionsPanel::load(Session session, Cart cart)
{
    QPointer<SuggestionsPanel> guard(this);
    const quint64 generation = ++m_generation;
    const QFuture<QList<Suggestion>> pending = m_provider(session, cart);
    const QList<Suggestion> suggestions = co_await pending;
    if (!guard || generation != m_generation)
        co_return;
    m_list->clear();
    const QLocale locale;
    for (const Suggestion &suggestion : suggestions) {
        if (m_list->count() == kMaxSuggestions)
            break;
        const QString what = suggestion.price.isValid()
                                 ? tr("%1 · %2 · %3").arg(suggestion.name, suggestion.sku,
                                                          suggestion.price.toString(locale))
                                 : tr("%1 · %2").arg(suggestion.name, suggestion.sku);
        auto *item = new QListWidgetItem(tr("Alt+%1  %2").arg(m_list->count() + 1).arg(what), m_list);
        item->setData(SkuRole, suggestion.sku);
        item->setToolTip(tr("Add %1 to the sale (Alt+%2)").arg(suggestion.name).arg(m_list->count()));
    }
    setVisible(m_list->count() > 0);
}

} // namespace sk
