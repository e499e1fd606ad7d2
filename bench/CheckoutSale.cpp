#include "CheckoutSale.h"

#include "OversellRegister.h"

#include "db/Database.h"
#include "payments/PaymentService.h"
#include "sales/CartService.h"
#include "sales/CheckoutService.h"

#include <QCoroTask>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

// A call that keeps failing to get the lock is stuck, not unlucky.
constexpr int kMaxLockRetries = 100;
// Each round of a refused checkout shortens at least one line, so five
// lines need at most five; more means the refusal was not about stock.
constexpr int kMaxCheckoutRounds = 6;

// Waits for one service call, again while it fails on a lock (the call's
// transaction was rolled back, so retrying it is what the register does).
template<typename Call>
auto retried(SaleOutcome &outcome, Call &&call) -> decltype(Database::wait(call()))
{
    for (int attempt = 0;; ++attempt) {
        auto result = Database::wait(call());
        if (result || attempt >= kMaxLockRetries || lockFailureOf(result.error()) == LockFailure::None)
            return result;
        ++outcome.lockFailures;
    }
}

Error describeStep(const Error &error, const QString &step)
{
    Error described = error;
    described.message = step + u": "_s + error.message;
    return described;
}

} // namespace

ServiceSale::ServiceSale(std::shared_ptr<Database> database, Session clerk, Till till)
    : m_clerk(std::move(clerk)),
      m_till(std::move(till)),
      m_carts(std::make_unique<CartService>(database)),
      // Cash only: no gateway is asked.
      m_payments(std::make_shared<PaymentService>(database, nullptr)),
      m_checkout(std::make_unique<CheckoutService>(database, m_payments))
{
}

ServiceSale::~ServiceSale() = default;

Result<SaleOutcome> ServiceSale::sell(const QList<SaleLine> &lines)
{
    SaleOutcome outcome;
    Result<Cart> cart = retried(outcome, [&] { return m_carts->current(m_clerk, m_till.registerId); });
    if (!cart)
        return describeStep(cart.error(), u"current cart"_s);
    const qint64 cartId = cart->id;
    for (const SaleLine &line : lines) {
        Result<Cart> added =
            retried(outcome, [&] { return m_carts->addVariant(m_clerk, cartId, line.variantId, line.quantity); });
        if (added) {
            cart = added;
            continue;
        }
        if (added.error().code != ErrorCode::Conflict)
            return describeStep(added.error(), u"add variant %1"_s.arg(line.variantId));
        // Not enough left: the clerk sells the rest of the basket.
        ++outcome.conflicts;
        outcome.soldOut.append(line.variantId);
    }

    for (int round = 0; round < kMaxCheckoutRounds; ++round) {
        if (cart->isEmpty())
            return outcome;
        Result<Payment> payment = retried(outcome, [&] { return m_payments->addCash(m_clerk, cartId, cart->due); });
        if (!payment)
            return describeStep(payment.error(), u"cash payment"_s);
        Result<CompletedSale> sale = retried(outcome, [&] { return m_checkout->complete(m_clerk, cartId); });
        if (sale) {
            for (const CartLine &sold : std::as_const(cart->lines))
                outcome.units += sold.quantity;
            return outcome;
        }
        if (sale.error().code != ErrorCode::Conflict)
            return describeStep(sale.error(), u"checkout"_s);

        // Another register sold the last units between adding and paying.
        const Status voided = QCoro::waitFor(m_payments->voidPayment(m_clerk, payment->id));
        if (!voided)
            return describeStep(voided.error(), u"void payment"_s);
        Result<QList<Shortage>> shortages =
            retried(outcome, [&] { return m_carts->checkAvailability(m_clerk, cartId); });
        if (!shortages)
            return describeStep(shortages.error(), u"availability"_s);
        if (shortages->isEmpty())
            return describeStep(sale.error(), u"checkout refused with every line available"_s);
        for (const Shortage &shortage : std::as_const(shortages.value())) {
            ++outcome.conflicts;
            if (shortage.available <= 0)
                outcome.soldOut.append(shortage.variantId);
            Result<Cart> shortened = retried(outcome, [&] {
                return m_carts->setQuantity(m_clerk, cartId, shortage.lineId, std::max<qint64>(0, shortage.available));
            });
            if (!shortened)
                return describeStep(shortened.error(), u"shorten line"_s);
            cart = shortened;
        }
    }
    return Error::make(ErrorCode::Internal, u"checkout was refused %1 times in a row"_s.arg(kMaxCheckoutRounds));
}

} // namespace sk::bench
