#include "register/SuggestionsPanel.h"

#include <QCoro/QCoroFuture>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPointer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int SkuRole = Qt::UserRole + 1;

} // namespace

SuggestionsPanel::SuggestionsPanel(QWidget *parent) : QWidget(parent), m_list(new QListWidget(this))
{
    setObjectName(u"suggestionsPanel"_s);
    m_list->setObjectName(u"suggestionsList"_s);
    m_list->setAccessibleName(tr("Often bought together"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Often bought together"), this));
    layout->addWidget(m_list, 1);
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { emit addRequested(item->data(SkuRole).toString()); });
    setVisible(false);
}

void SuggestionsPanel::setProvider(Provider provider)
{
    m_provider = std::move(provider);
}

void SuggestionsPanel::refresh(const Session &session, const Cart &cart)
{
    if (!m_provider || cart.isEmpty()) {
        ++m_generation;
        m_list->clear();
        setVisible(false);
        return;
    }
    load(session, cart);
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
        auto *item = new QListWidgetItem(
            suggestion.price.isValid() ? tr("%1 · %2").arg(suggestion.name, suggestion.price.toString(locale))
                                       : suggestion.name,
            m_list);
        item->setData(SkuRole, suggestion.sku);
    }
    setVisible(m_list->count() > 0);
}

} // namespace sk
