#pragma once

#include "auth/Session.h"
#include "sales/SalesTypes.h"

#include <QCoro/QCoroTask>
#include <QFuture>
#include <QList>
#include <QWidget>
#include <functional>
#include <memory>

class QAction;
class QListWidget;
class QTimer;

namespace sk {

class Recommendations;

struct Suggestion {
    QString name;
    QString sku;
    Money price;              // shown when known
};

// Items often bought with what is in the cart (docs/recommendations.md).
// Fed by a provider, asked again only when the cart's products change and
// the cart has been still for a moment (a scanner burst asks once); hidden
// while it has nothing to suggest. Clicking a suggestion or Alt+1..Alt+5
// asks for it to be added.
class SuggestionsPanel : public QWidget {
    Q_OBJECT

public:
    using Provider = std::function<QFuture<QList<Suggestion>>(const Session &session, const Cart &cart)>;

    static constexpr int kMaxSuggestions = 5;
    static constexpr int kDebounceMs = 300;

    explicit SuggestionsPanel(QWidget *parent = nullptr);

    // "Often bought together" from the shop's recommendations, read on a
    // database reader thread.
    static Provider recommendationsProvider(std::shared_ptr<Recommendations> recommendations);

    void setProvider(Provider provider);
    void refresh(const Session &session, const Cart &cart);
    QListWidget *list() const { return m_list; }

signals:
    void addRequested(const QString &sku);

private:
    QCoro::Task<> load(Session session, Cart cart);
    void clear();
    void activate(int row);

    Provider m_provider;
    QListWidget *m_list;
    QTimer *m_debounce;
    QList<QAction *> m_shortcuts;
    Session m_session;
    Cart m_cart;
    QList<qint64> m_productIds;   // of the cart the shown suggestions are for
    quint64 m_generation = 0;
};

} // namespace sk
