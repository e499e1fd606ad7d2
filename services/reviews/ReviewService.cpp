#include "reviews/ReviewService.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "db/ChangeLog.h"
#include "db/Database.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr auto kSelect =
    "SELECT r.id, r.product_id, p.name, p.vendor_id, ve.name, r.customer_id, cu.first_name, cu.last_name, "
    "cu.email, r.order_id, o.order_number, r.rating, r.title, r.body, r.is_verified, r.status, r.moderated_by, "
    "mo.first_name, mo.last_name, r.moderated_at, r.moderation_note, r.vendor_reply, r.replied_by, rb.first_name, "
    "rb.last_name, r.replied_at, r.created_at, r.updated_at "
    "FROM reviews r JOIN products p ON p.id = r.product_id LEFT JOIN vendors ve ON ve.id = p.vendor_id "
    "JOIN users cu ON cu.id = r.customer_id JOIN orders o ON o.id = r.order_id "
    "LEFT JOIN users mo ON mo.id = r.moderated_by LEFT JOIN users rb ON rb.id = r.replied_by";

QVariant nullId()
{
    return QVariant(QMetaType::fromType<qint64>(), nullptr);
}

// The system actor (user 0) is no users row; the foreign keys get NULL.
QVariant actorId(const Session &actor)
{
    return actor.userId > 0 ? QVariant(actor.userId) : nullId();
}

QString fullName(const QVariant &first, const QVariant &last)
{
    return (first.toString() + u' ' + last.toString()).trimmed();
}

QDateTime timeOf(const QVariant &value)
{
    return value.isNull() ? QDateTime() : value.toDateTime().toUTC();
}

Review reviewFrom(const QSqlQuery &q)
{
    Review r;
    r.id = q.value(0).toLongLong();
    r.productId = q.value(1).toLongLong();
    r.productName = q.value(2).toString();
    if (!q.isNull(3))
        r.vendorId = q.value(3).toLongLong();
    r.vendorName = q.value(4).toString();
    r.customerId = q.value(5).toLongLong();
    r.customerName = fullName(q.value(6), q.value(7));
    r.customerEmail = q.value(8).toString();
    r.orderId = q.value(9).toLongLong();
    r.orderNumber = q.value(10).toString();
    r.rating = q.value(11).toInt();
    r.title = q.value(12).toString();
    r.text = q.value(13).toString();
    r.verified = q.value(14).toInt() != 0;
    r.status = reviewStatusFromName(q.value(15).toString()).value_or(ReviewStatus::Pending);
    r.moderatedBy = q.value(16).toLongLong();
    r.moderatedByName = fullName(q.value(17), q.value(18));
    r.moderatedAt = timeOf(q.value(19));
    r.moderationNote = q.value(20).toString();
    r.vendorReply = q.value(21).toString();
    r.repliedBy = q.value(22).toLongLong();
    r.repliedByName = fullName(q.value(23), q.value(24));
    r.repliedAt = timeOf(q.value(25));
    r.createdAt = timeOf(q.value(26));
    r.updatedAt = timeOf(q.value(27));
    return r;
}

Error noSuchReview()
{
    return Error::make(ErrorCode::NotFound, QCoreApplication::translate("ReviewService", "This review no longer "
                                                                                         "exists. Reload the list."));
}

// Who may read which reviews: moderators every review, vendors those of
// their own products (the vendor id they are scoped to), nobody else.
struct ReadScope {
    std::optional<qint64> vendorId;
};

Result<ReadScope> readScope(const Session &actor)
{
    if (actor.isValid() && isAllowed(actor.role, Permission::ModerateReviews))
        return ReadScope{};
    if (actor.isValid() && isAllowed(actor.role, Permission::ReplyToReviews) && actor.vendorId)
        return ReadScope{actor.vendorId};
    if (Status allowed = require(actor, Permission::ModerateReviews); !allowed)
        return allowed.error();
    return ReadScope{};
}

Status requireWriter(const Session &actor, Permission permission)
{
    // The command line and the demo shop act as the system, which require()
    // refuses; they reach the *InTransaction functions only.
    if (actor.isSystem())
        return Status::success();
    return require(actor, permission);
}

Status audit(Connection &connection, const Session &actor, const QString &action, qint64 reviewId,
             const QJsonObject &details)
{
    return AuditLog::appendInTransaction(connection,
                                         AuditEntry::by(actor, action, u"review:%1"_s.arg(reviewId), details));
}

// PostgreSQL writers run in READ COMMITTED: the row lock makes a second
// change of the same product's reviews wait until the first committed, and
// its statements after the lock then see that change, so two moderations at
// once cannot both recount from a picture without the other. SQLite's single
// writer (BEGIN IMMEDIATE) already serialises them.
Status lockProduct(Connection &connection, qint64 productId)
{
    const QString lock = connection.isPostgres() ? u" FOR UPDATE"_s : QString();
    Result<QVariant> found = connection.scalar(u"SELECT id FROM products WHERE id = ?"_s + lock, {productId});
    if (!found)
        return found.error();
    if (found.value().isNull())
        return Error::make(ErrorCode::NotFound, QCoreApplication::translate("ReviewService", "This product no longer "
                                                                                             "exists. Choose another "
                                                                                             "one."));
    return Status::success();
}

Result<Review> readReview(Connection &connection, qint64 reviewId)
{
    Result<QSqlQuery> row = connection.exec(QLatin1StringView(kSelect) + u" WHERE r.id = ?"_s, {reviewId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return noSuchReview();
    return reviewFrom(row.value());
}

// The review's product, and its status as of the product lock.
struct LockedReview {
    qint64 productId = 0;
    std::optional<qint64> vendorId;
    ReviewStatus status = ReviewStatus::Pending;
};

Result<LockedReview> lockReview(Connection &connection, qint64 reviewId)
{
    Result<QVariant> product = connection.scalar(u"SELECT product_id FROM reviews WHERE id = ?"_s, {reviewId});
    if (!product)
        return product.error();
    if (product.value().isNull())
        return noSuchReview();
    LockedReview locked;
    locked.productId = product.value().toLongLong();
    if (Status ok = lockProduct(connection, locked.productId); !ok)
        return ok.error();
    Result<CachedQuery> row = connection.prepared(
        u"SELECT r.status, p.vendor_id FROM reviews r JOIN products p ON p.id = r.product_id WHERE r.id = ?"_s,
        {reviewId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return noSuchReview();
    locked.status = reviewStatusFromName(row.value().value(0).toString()).value_or(ReviewStatus::Pending);
    if (!row.value().isNull(1))
        locked.vendorId = row.value().value(1).toLongLong();
    return locked;
}

// A null QString binds as NULL, which the NOT NULL text columns refuse;
// "nothing" is stored as ''.
QString notNull(const QString &text)
{
    return text.isNull() ? u""_s : text;
}

QString cleanTitle(const QString &title)
{
    return notNull(title.simplified());
}

QString cleanText(const QString &text)
{
    return notNull(text.trimmed());
}

Result<Review> insertReview(Connection &connection, const Session &actor, const NewReview &review,
                            bool imported)
{
    if (Status valid = ReviewService::validate(review); !valid)
        return valid.error();
    const qint64 customerId = imported ? review.customerId : actor.userId;
    if (imported) {
        Result<QVariant> role = connection.scalar(u"SELECT role FROM users WHERE id = ?"_s, {customerId});
        if (!role)
            return role.error();
        if (role.value().toString() != u"customer"_s)
            return Error::make(ErrorCode::InvalidInput,
                               QCoreApplication::translate("ReviewService", "A review is written by a customer. "
                                                                            "Choose a customer account."));
    }
    if (Status ok = lockProduct(connection, review.productId); !ok)
        return ok.error();
    Result<CachedQuery> order = connection.prepared(u"SELECT customer_id, order_number FROM orders WHERE id = ?"_s,
                                                    {review.orderId});
    if (!order)
        return order.error();
    const bool orderFound = order.value().next();
    if (!orderFound || order.value().isNull(0) || order.value().value(0).toLongLong() != customerId) {
        if (!imported)
            return Error::make(ErrorCode::NotFound,
                               QCoreApplication::translate("ReviewService", "This order is not among your orders. "
                                                                            "Review a product of one of your own "
                                                                            "orders."));
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("ReviewService", "The order does not belong to that customer. "
                                                                        "Choose one of the customer's own orders."));
    }
    const QString orderNumber = order.value().value(1).toString();
    order.value().finish();

    Result<QVariant> existing = connection.scalar(
        u"SELECT id FROM reviews WHERE product_id = ? AND customer_id = ? AND order_id = ?"_s,
        {review.productId, customerId, review.orderId});
    if (!existing)
        return existing.error();
    if (!existing.value().isNull())
        return Error::make(ErrorCode::Conflict,
                           QCoreApplication::translate("ReviewService", "This product has already been reviewed "
                                                                        "for order %1. There is one review per "
                                                                        "product, customer and order; change the "
                                                                        "existing one instead.")
                               .arg(orderNumber));

    Result<QVariant> held = connection.scalar(
        u"SELECT COUNT(*) FROM order_items WHERE order_id = ? AND product_id = ?"_s, {review.orderId,
                                                                                      review.productId});
    if (!held)
        return held.error();
    const bool verified = held.value().toLongLong() > 0;

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime createdAt = imported && review.createdAt.isValid() ? review.createdAt.toUTC() : now;
    const ReviewStatus status = imported ? review.status : ReviewStatus::Pending;
    const bool decided = status != ReviewStatus::Pending;
    Result<qint64> id = connection.insert(
        u"INSERT INTO reviews (product_id, customer_id, order_id, rating, title, body, is_verified, status, "
        "moderated_by, moderated_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id"_s,
        {review.productId, customerId, review.orderId, review.rating, cleanTitle(review.title),
         cleanText(review.text), verified ? 1 : 0, reviewStatusName(status), decided ? actorId(actor) : nullId(),
         decided ? QVariant(now) : QVariant(QMetaType::fromType<QDateTime>(), nullptr), createdAt, now});
    if (!id)
        return id.error();
    if (status == ReviewStatus::Approved)
        if (Status ok = ReviewService::recountProductInTransaction(connection, review.productId); !ok)
            return ok.error();
    const QJsonObject details{{u"product_id"_s, review.productId}, {u"customer_id"_s, customerId},
                              {u"order_id"_s, review.orderId},     {u"rating"_s, review.rating},
                              {u"verified"_s, verified},           {u"status"_s, reviewStatusName(status)}};
    if (Status ok = audit(connection, actor, imported ? u"review.imported"_s : u"review.created"_s, id.value(),
                          details);
        !ok)
        return ok.error();
    return readReview(connection, id.value());
}

// The WHERE clause (from " WHERE") and its values, without the keyset.
Result<QString> filterSql(Connection &connection, const ReadScope &scope, const ReviewQuery &query,
                          QVariantList &values)
{
    QStringList where;
    if (query.rating) {
        if (*query.rating < ReviewService::kMinRating || *query.rating > ReviewService::kMaxRating)
            return Error::make(ErrorCode::InvalidInput,
                               QCoreApplication::translate("ReviewService", "Choose a rating from 1 to 5 stars."));
        where << u"r.rating = ?"_s;
        values << *query.rating;
    }
    if (query.productId) {
        where << u"r.product_id = ?"_s;
        values << *query.productId;
    }
    const QString text = query.productText.trimmed();
    if (!text.isEmpty()) {
        QString escaped = text.toLower();
        escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
        where << u"%1(p.name) LIKE ? ESCAPE '\\'"_s.arg(connection.dialect().unicodeLower());
        values << u'%' + escaped + u'%';
    }
    // A vendor's own scope wins over any vendor filter they send.
    const std::optional<qint64> vendor = scope.vendorId ? scope.vendorId : query.vendorId;
    if (vendor) {
        if (*vendor > 0) {
            where << u"p.vendor_id = ?"_s;
            values << *vendor;
        } else {
            where << u"p.vendor_id IS NULL"_s;
        }
    }
    if (query.status) {
        where << u"r.status = ?"_s;
        values << reviewStatusName(*query.status);
    }
    if (query.verified) {
        where << u"r.is_verified = ?"_s;
        values << (*query.verified ? 1 : 0);
    }
    return where.isEmpty() ? QString() : u" WHERE "_s + where.join(u" AND "_s);
}

} // namespace

ReviewService::ReviewService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

qint64 ReviewService::averageHundredths(qint64 ratingSum, qint64 count)
{
    if (count <= 0)
        return 0;
    // round(100 * sum / count), half up, without floating point.
    return (ratingSum * 200 + count) / (2 * count);
}

Status ReviewService::validate(const NewReview &review)
{
    if (review.rating < kMinRating || review.rating > kMaxRating)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("ReviewService", "A rating is 1 to 5 stars; %1 is not. "
                                                                        "Choose from 1 to 5.")
                               .arg(review.rating));
    const QString title = cleanTitle(review.title);
    if (title.size() > kMaxTitleLength)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("ReviewService", "The title has %1 characters; shorten it to "
                                                                        "at most %2.")
                               .arg(title.size())
                               .arg(kMaxTitleLength));
    const QString text = cleanText(review.text);
    if (text.size() > kMaxTextLength)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("ReviewService", "The review has %1 characters; shorten it to "
                                                                        "at most %2.")
                               .arg(text.size())
                               .arg(kMaxTextLength));
    if (review.productId <= 0 || review.orderId <= 0)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("ReviewService", "A review is about a product of an order. "
                                                                        "Choose both."));
    return Status::success();
}

Status ReviewService::recountProductInTransaction(Connection &connection, qint64 productId)
{
    qint64 count = 0;
    qint64 sum = 0;
    {
        Result<CachedQuery> totals = connection.prepared(
            u"SELECT COUNT(*), COALESCE(SUM(rating), 0) FROM reviews WHERE product_id = ? AND status = 'approved'"_s,
            {productId});
        if (!totals)
            return totals.error();
        if (totals.value().next()) {
            count = totals.value().value(0).toLongLong();
            sum = totals.value().value(1).toLongLong();
        }
    }
    // Not a catalog edit: the version an open editor started from stays valid.
    if (Status ok = connection.run(u"UPDATE products SET average_rating = ?, review_count = ? WHERE id = ?"_s,
                                   {averageHundredths(sum, count), count, productId});
        !ok)
        return ok;
    return ChangeLog::recordInTransaction(connection, ChangeTopic::Products, {productId});
}

Result<Review> ReviewService::createInTransaction(Connection &connection, const Session &actor,
                                                  const NewReview &review)
{
    if (Status allowed = require(actor, Permission::PlaceOnlineOrders); !allowed)
        return allowed.error();
    return insertReview(connection, actor, review, false);
}

Result<Review> ReviewService::importInTransaction(Connection &connection, const Session &actor,
                                                  const NewReview &review)
{
    if (Status allowed = requireWriter(actor, Permission::ModerateReviews); !allowed)
        return allowed.error();
    return insertReview(connection, actor, review, true);
}

Result<Review> ReviewService::moderateInTransaction(Connection &connection, const Session &actor, qint64 reviewId,
                                                    ReviewStatus to, const QString &rawNote)
{
    if (Status allowed = requireWriter(actor, Permission::ModerateReviews); !allowed)
        return allowed.error();
    const QString note = notNull(rawNote.trimmed());
    if (note.size() > kMaxNoteLength)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("ReviewService", "The note has %1 characters; shorten it to "
                                                                        "at most %2.")
                               .arg(note.size())
                               .arg(kMaxNoteLength));
    Result<LockedReview> locked = lockReview(connection, reviewId);
    if (!locked)
        return locked.error();
    const ReviewStatus from = locked->status;
    if (Status allowed = checkReviewMove(from, to); !allowed)
        return allowed.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<CachedQuery> updated = connection.prepared(
        u"UPDATE reviews SET status = ?, moderated_by = ?, moderated_at = ?, moderation_note = ?, updated_at = ? "
        "WHERE id = ? AND status = ?"_s,
        {reviewStatusName(to), actorId(actor), now, note, now, reviewId, reviewStatusName(from)});
    if (!updated)
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return Error::make(ErrorCode::Conflict, QCoreApplication::translate("ReviewService", "Someone else changed "
                                                                                             "this review meanwhile. "
                                                                                             "Reload the list and "
                                                                                             "try again."));
    if (from == ReviewStatus::Approved || to == ReviewStatus::Approved)
        if (Status ok = recountProductInTransaction(connection, locked->productId); !ok)
            return ok.error();
    QJsonObject details{{u"from"_s, reviewStatusName(from)},
                        {u"to"_s, reviewStatusName(to)},
                        {u"product_id"_s, locked->productId}};
    if (!note.isEmpty())
        details.insert(u"note"_s, note);
    if (Status ok = audit(connection, actor, u"review."_s + reviewStatusName(to), reviewId, details); !ok)
        return ok.error();
    return readReview(connection, reviewId);
}

Result<Review> ReviewService::replyInTransaction(Connection &connection, const Session &actor, qint64 reviewId,
                                                 const QString &rawReply)
{
    if (Status allowed = requireWriter(actor, Permission::ReplyToReviews); !allowed)
        return allowed.error();
    const QString reply = notNull(rawReply.trimmed());
    if (reply.size() > kMaxReplyLength)
        return Error::make(ErrorCode::InvalidInput,
                           QCoreApplication::translate("ReviewService", "The reply has %1 characters; shorten it to "
                                                                        "at most %2.")
                               .arg(reply.size())
                               .arg(kMaxReplyLength));
    Result<Review> current = readReview(connection, reviewId);
    if (!current)
        return current.error();
    // Administrators reply on any review; a vendor only on their own
    // products' reviews, and another vendor's review does not exist for them.
    if (!actor.isSystem() && !isAllowed(actor.role, Permission::ModerateReviews)
        && (!actor.vendorId || current->vendorId != actor.vendorId))
        return noSuchReview();
    if (current->vendorReply == reply)
        return current;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QVariant noTime(QMetaType::fromType<QDateTime>(), nullptr);
    if (Status ok = connection.run(u"UPDATE reviews SET vendor_reply = ?, replied_by = ?, replied_at = ?, "
                                   "updated_at = ? WHERE id = ?"_s,
                                   {reply, reply.isEmpty() ? nullId() : actorId(actor),
                                    reply.isEmpty() ? noTime : QVariant(now), now, reviewId});
        !ok)
        return ok.error();
    const QJsonObject details{{u"product_id"_s, current->productId}, {u"length"_s, int(reply.size())}};
    if (Status ok = audit(connection, actor,
                          reply.isEmpty()                   ? u"review.reply_removed"_s
                          : current->vendorReply.isEmpty() ? u"review.replied"_s
                                                            : u"review.reply_changed"_s,
                          reviewId, details);
        !ok)
        return ok.error();
    return readReview(connection, reviewId);
}

Status ReviewService::removeInTransaction(Connection &connection, const Session &actor, qint64 reviewId)
{
    if (Status allowed = requireWriter(actor, Permission::ModerateReviews); !allowed)
        return allowed;
    Result<Review> current = readReview(connection, reviewId);
    if (!current)
        return current.error();
    Result<LockedReview> locked = lockReview(connection, reviewId);
    if (!locked)
        return locked.error();
    if (Status ok = connection.run(u"DELETE FROM reviews WHERE id = ?"_s, {reviewId}); !ok)
        return ok;
    if (locked->status == ReviewStatus::Approved)
        if (Status ok = recountProductInTransaction(connection, locked->productId); !ok)
            return ok;
    const QJsonObject details{{u"product_id"_s, current->productId}, {u"customer_id"_s, current->customerId},
                              {u"order_id"_s, current->orderId},     {u"rating"_s, current->rating},
                              {u"status"_s, reviewStatusName(locked->status)}};
    return audit(connection, actor, u"review.deleted"_s, reviewId, details);
}

Result<QList<Review>> ReviewService::pageInTransaction(Connection &connection, const Session &actor,
                                                       const ReviewQuery &query)
{
    Result<ReadScope> scope = readScope(actor);
    if (!scope)
        return scope.error();
    QVariantList values;
    Result<QString> filter = filterSql(connection, scope.value(), query, values);
    if (!filter)
        return filter.error();
    QString where = filter.value();
    if (query.afterId > 0 && query.afterCreatedAt.isValid()) {
        where += (where.isEmpty() ? u" WHERE "_s : u" AND "_s)
                 + u"(r.created_at < ? OR (r.created_at = ? AND r.id < ?))"_s;
        values << query.afterCreatedAt.toUTC() << query.afterCreatedAt.toUTC() << query.afterId;
    }
    const int limit = std::clamp(query.limit, 1, kMaxPageSize);
    Result<QSqlQuery> rows = connection.exec(QLatin1StringView(kSelect) + where
                                                 + u" ORDER BY r.created_at DESC, r.id DESC LIMIT %1"_s.arg(limit),
                                             values);
    if (!rows)
        return rows.error();
    QList<Review> reviews;
    while (rows.value().next())
        reviews.append(reviewFrom(rows.value()));
    return reviews;
}

Result<qint64> ReviewService::countInTransaction(Connection &connection, const Session &actor,
                                                 const ReviewQuery &query)
{
    Result<ReadScope> scope = readScope(actor);
    if (!scope)
        return scope.error();
    QVariantList values;
    Result<QString> filter = filterSql(connection, scope.value(), query, values);
    if (!filter)
        return filter.error();
    Result<QVariant> count = connection.scalar(
        u"SELECT COUNT(*) FROM reviews r JOIN products p ON p.id = r.product_id"_s + filter.value(), values);
    if (!count)
        return count.error();
    return count.value().toLongLong();
}

Result<Review> ReviewService::getInTransaction(Connection &connection, const Session &actor, qint64 reviewId)
{
    Result<ReadScope> scope = readScope(actor);
    if (!scope)
        return scope.error();
    Result<Review> review = readReview(connection, reviewId);
    if (!review)
        return review;
    if (scope->vendorId && review->vendorId != scope->vendorId)
        return noSuchReview();
    return review;
}

QFuture<Result<Review>> ReviewService::create(const Session &actor, const NewReview &review)
{
    if (Status allowed = require(actor, Permission::PlaceOnlineOrders); !allowed)
        return QtFuture::makeReadyFuture(Result<Review>(allowed.error()));
    if (Status valid = validate(review); !valid)
        return QtFuture::makeReadyFuture(Result<Review>(valid.error()));
    return m_database->write(
        [actor, review](Connection &connection) { return createInTransaction(connection, actor, review); });
}

QFuture<Result<Review>> ReviewService::import(const Session &actor, const NewReview &review)
{
    if (Status allowed = require(actor, Permission::ModerateReviews); !allowed)
        return QtFuture::makeReadyFuture(Result<Review>(allowed.error()));
    if (Status valid = validate(review); !valid)
        return QtFuture::makeReadyFuture(Result<Review>(valid.error()));
    return m_database->write(
        [actor, review](Connection &connection) { return importInTransaction(connection, actor, review); });
}

QFuture<Result<Review>> ReviewService::moderate(const Session &actor, qint64 reviewId, ReviewStatus to,
                                                const QString &note)
{
    if (Status allowed = require(actor, Permission::ModerateReviews); !allowed)
        return QtFuture::makeReadyFuture(Result<Review>(allowed.error()));
    return m_database->write([actor, reviewId, to, note](Connection &connection) {
        return moderateInTransaction(connection, actor, reviewId, to, note);
    });
}

QFuture<Result<QList<ReviewOutcome>>> ReviewService::moderateMany(const Session &actor,
                                                                  const QList<qint64> &reviewIds, ReviewStatus to,
                                                                  const QString &note)
{
    if (Status allowed = require(actor, Permission::ModerateReviews); !allowed)
        return QtFuture::makeReadyFuture(Result<QList<ReviewOutcome>>(allowed.error()));
    // One job on the writer, one transaction per review inside it.
    return m_database->maintain([actor, reviewIds, to, note](Connection &connection) -> Result<QList<ReviewOutcome>> {
        QList<ReviewOutcome> outcomes;
        for (qint64 id : reviewIds) {
            Transaction transaction(connection, Transaction::Mode::Write);
            Status result = transaction.begin();
            if (result) {
                Result<Review> moved = moderateInTransaction(connection, actor, id, to, note);
                result = moved ? transaction.commit() : Status(moved.error());
            }
            outcomes.append(ReviewOutcome{id, result});
        }
        return outcomes;
    });
}

QFuture<Result<Review>> ReviewService::reply(const Session &actor, qint64 reviewId, const QString &reply)
{
    if (Status allowed = require(actor, Permission::ReplyToReviews); !allowed)
        return QtFuture::makeReadyFuture(Result<Review>(allowed.error()));
    return m_database->write([actor, reviewId, reply](Connection &connection) {
        return replyInTransaction(connection, actor, reviewId, reply);
    });
}

QFuture<Status> ReviewService::remove(const Session &actor, qint64 reviewId)
{
    if (Status allowed = require(actor, Permission::ModerateReviews); !allowed)
        return QtFuture::makeReadyFuture(allowed);
    return m_database->write(
        [actor, reviewId](Connection &connection) { return removeInTransaction(connection, actor, reviewId); });
}

QFuture<Result<QList<Review>>> ReviewService::page(const Session &actor, const ReviewQuery &query)
{
    if (Result<ReadScope> scope = readScope(actor); !scope)
        return QtFuture::makeReadyFuture(Result<QList<Review>>(scope.error()));
    return m_database->read(
        [actor, query](Connection &connection) { return pageInTransaction(connection, actor, query); });
}

QFuture<Result<qint64>> ReviewService::count(const Session &actor, const ReviewQuery &query)
{
    if (Result<ReadScope> scope = readScope(actor); !scope)
        return QtFuture::makeReadyFuture(Result<qint64>(scope.error()));
    return m_database->read(
        [actor, query](Connection &connection) { return countInTransaction(connection, actor, query); });
}

QFuture<Result<Review>> ReviewService::get(const Session &actor, qint64 reviewId)
{
    if (Result<ReadScope> scope = readScope(actor); !scope)
        return QtFuture::makeReadyFuture(Result<Review>(scope.error()));
    return m_database->read(
        [actor, reviewId](Connection &connection) { return getInTransaction(connection, actor, reviewId); });
}

} // namespace sk
