/* entity_atts.c -- SEACAS entity attributes (ex_put_attribute), and with
 * them the field metadata, basis and quadrature attributes SEACAS stores
 * the same way: netCDF attributes of an entity's variable (or global
 * ones), listed from the store on demand, never by name. The writer keeps
 * them in f->xm until the header's define pass puts them
 * (exsi_eatt_w_def_entity_atts). Layout in include/exoslab.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model_x.h"
#include "write.h"

/* Global attributes Exodus (and Nemesis) define themselves. */
static const char *const exodus_globals[] = {
    "title", "api_version", "version", "floating_point_word_size", "file_size",
    "maximum_name_length", "int64_status", "last_written_time",
    "nemesis_file_version", "nemesis_api_version"};

static int reserved(int owner, const char *name)
{
    if (name[0] == '_')
        return 1;
    if (exsi_core_kind_valid(owner) && exsi_core_is_block((exs_kind)owner))
        return strcmp(name, "elem_type") == 0;
    if (owner != EXS_GLOBAL)
        return 0;
    for (size_t i = 0; i < sizeof exodus_globals / sizeof *exodus_globals; i++)
        if (strcmp(name, exodus_globals[i]) == 0)
            return 1;
    return 0;
}

static int att_class(int xtype)
{
    if (xtype == EXS_NC_CHAR)
        return EXS_ATT_CHAR;
    if (xtype == EXS_NC_FLOAT || xtype == EXS_NC_DOUBLE)
        return EXS_ATT_DOUBLE;
    return xtype >= 1 && xtype <= 11 ? EXS_ATT_INT : 0; /* 12: NC_STRING */
}

/* The variable holding (owner, id)'s attributes, into var (cap bytes);
 * "" for the globals. *null: a block or set without entries. */
static int owner_var(exs_file *f, int owner, int64_t id, char *var, size_t cap,
                     int *null)
{
    exsi_core_entity *e;
    *null = 0;
    var[0] = '\0';
    if (owner == EXS_ASSEMBLY || owner == EXS_BLOB) {
        exsi_xm_assembly_rec *a;
        exsi_xm_blob_rec *b;
        int rc = owner == EXS_ASSEMBLY ? exsi_xm_assembly_lookup(f, id, &a)
                                       : exsi_xm_blob_lookup(f, id, &b);
        return rc ? rc : exsi_kind_fmt_name(var, cap, owner == EXS_ASSEMBLY ?
                                      "assembly_entity%lld" : "blob_entity%lld", id, 0);
    }
    if (owner == EXS_GLOBAL)
        return 0;
    if (!exsi_core_kind_valid(owner) || !(exsi_core_is_block((exs_kind)owner) ||
                                    exsi_core_is_set((exs_kind)owner)))
        return exsi_err(f, EXS_EINVAL, "entity attributes: owner %d (EXS_GLOBAL, a block "
                       "or set kind, EXS_ASSEMBLY or EXS_BLOB)", owner);
    int rc = exsi_util_entity_lookup(f, (exs_kind)owner, id, &e);
    if (rc != 0)
        return rc;
    *null = e->num_entries == 0;
    return exsi_kind_fmt_name(var, cap, exsi_kind_kinds[owner].conn_var, e->index, 0);
}

/* varid of (owner, id): -1 the globals, -2 none stored. */
static int owner_varid(exs_file *f, int owner, int64_t id, int *varid)
{
    char var[EXS_VARNAME_CAP];
    int null;
    exsi_core_varinfo vi;
    int rc = owner_var(f, owner, id, var, sizeof var, &null);
    *varid = var[0] ? -2 : -1;
    if (rc != 0 || null || !var[0])
        return rc;
    rc = f->store->ops->inq_var(f->store, var, &vi);
    if (rc == 0)
        *varid = vi.varid;
    return rc == EXS_ENOTFOUND ? 0 : rc;
}

/* The i-th listed attribute of varid; EXS_ENOTFOUND past the last. */
static int listed_at(exs_file *f, int owner, int varid, int i, char *name,
                     size_t cap, int *type, int64_t *len)
{
    char nm[EXS_VARNAME_CAP];
    size_t n;
    int xt, seen = 0;
    for (int k = 0;; k++) {
        int rc = f->store->ops->inq_att_at(f->store, varid, k, nm, sizeof nm, &xt, &n);
        if (rc != 0)
            return rc;
        if (reserved(owner, nm) || !att_class(xt) || seen++ < i)
            continue;
        if (strlen(nm) >= cap)
            return exsi_err(f, EXS_ERANGE, "attribute name %s: buffer of %zu", nm, cap);
        memcpy(name, nm, strlen(nm) + 1);
        *type = att_class(xt);
        *len = (int64_t)n;
        return 0;
    }
}

int exs_num_entity_atts(exs_file *f, int owner, int64_t id, int *n)
{
    if (!f || !n)
        return EXS_EINVAL;
    int varid, type, rc = owner_varid(f, owner, id, &varid);
    char nm[EXS_VARNAME_CAP];
    int64_t len;
    *n = 0;
    while (rc == 0 && varid != -2 &&
           listed_at(f, owner, varid, *n, nm, sizeof nm, &type, &len) == 0)
        (*n)++;
    return rc;
}

int exs_get_entity_att_info(exs_file *f, int owner, int64_t id, int i, char *name,
                            size_t cap, int *type, int64_t *len)
{
    if (!f || !name || !type || !len || i < 0)
        return EXS_EINVAL;
    int varid, rc = owner_varid(f, owner, id, &varid);
    if (rc == 0 && varid != -2)
        rc = listed_at(f, owner, varid, i, name, cap, type, len);
    else if (rc == 0)
        rc = EXS_ENOTFOUND;
    return rc == EXS_ENOTFOUND ? exsi_err(f, rc, "entity attribute %d of owner %d id "
                                         "%lld: none", i, owner, (long long)id) : rc;
}

int exs_get_entity_att(exs_file *f, int owner, int64_t id, const char *name, int type,
                       int64_t cap, void *buf)
{
    if (!f || !name || !buf || cap < 0)
        return EXS_EINVAL;
    int varid, rc = owner_varid(f, owner, id, &varid);
    size_t n = 0;
    const exsi_core_store_ops *op = f->store->ops;
    if (rc == 0 && (varid == -2 || reserved(owner, name)))
        rc = EXS_ENOTFOUND;
    else if (rc == 0 && type == EXS_ATT_CHAR)
        rc = op->get_att_text(f->store, varid, name, buf, (size_t)cap, &n);
    else if (rc == 0 && (type == EXS_ATT_INT || type == EXS_ATT_DOUBLE))
        rc = type == EXS_ATT_INT ? op->get_att_i64(f->store, varid, name, buf,
                                                   (size_t)cap, &n)
                                 : op->get_att_f64(f->store, varid, name, buf,
                                                   (size_t)cap, &n);
    else if (rc == 0)
        return exsi_err(f, EXS_EINVAL, "entity attribute %s: type %d", name, type);
    if (rc == 0 && (int64_t)n + (type == EXS_ATT_CHAR) > cap)
        rc = exsi_err(f, EXS_ERANGE, "entity attribute %s: %zu values, buffer of %lld",
                     name, n, (long long)cap);
    if (rc == EXS_ENOTFOUND || rc == EXS_ETYPE)
        return exsi_err(f, rc, "entity attribute %s of owner %d id %lld: %s", name,
                       owner, (long long)id, rc == EXS_ETYPE ? "stored as another type"
                                                             : "none");
    return rc;
}

/* ---- writing ---- */

static int check_put(exs_file *f, int owner, int64_t id, const char *name, int type,
                     int64_t len, const void *vals)
{
    char var[EXS_VARNAME_CAP];
    int null = 0;
    if (!name || !name[0] || strlen(name) >= EXS_VARNAME_CAP || reserved(owner, name) ||
        type < EXS_ATT_INT || type > EXS_ATT_CHAR || len < 0 || (len > 0 && !vals))
        return exsi_err(f, EXS_EINVAL, "exs_put_entity_att: name %s, type %d, %lld "
                       "values (a name Exodus does not reserve, EXS_ATT_*, len >= 0)",
                       name ? name : "(null)", type, (long long)len);
    int rc = owner_var(f, owner, id, var, sizeof var, &null);
    if (rc == 0 && null)
        rc = exsi_err(f, EXS_EINVAL, "exs_put_entity_att: %s %lld is null (no variable "
                     "to hold attributes)", exsi_kind_kinds[owner].label, (long long)id);
    return rc;
}

static void free_rec(exsi_xm_entity_att_rec *r)
{
    free(r->name);
    free(r->vals);
}

static int store_rec(exs_file *f, exsi_core_xmodel *xm, const exsi_xm_entity_att_rec *r)
{
    for (int64_t i = 0; i < xm->neatt; i++) {
        exsi_xm_entity_att_rec *o = &xm->eatt[i];
        if (o->owner == r->owner && o->id == r->id && strcmp(o->name, r->name) == 0) {
            free_rec(o);
            *o = *r;
            return 0;
        }
    }
    if (xm->neatt == xm->eatt_cap) {
        int64_t nc = xm->eatt_cap ? 2 * xm->eatt_cap : 8;
        void *p = realloc(xm->eatt, (size_t)nc * sizeof *xm->eatt);
        if (!p)
            return exsi_err(f, EXS_ENOMEM, "entity attributes");
        xm->eatt = p;
        xm->eatt_cap = nc;
    }
    xm->eatt[xm->neatt++] = *r;
    return 0;
}

int exs_put_entity_att(exs_file *f, int owner, int64_t id, const char *name, int type,
                       int64_t len, const void *vals)
{
    int rc = exsi_w_enter(f);
    if (rc == 0)
        rc = exsi_w_check_define(f, "exs_put_entity_att");
    if (rc == 0)
        rc = check_put(f, owner, id, name, type, len, vals);
    exsi_core_xmodel *xm = rc == 0 ? exsi_xm(f) : NULL;
    if (rc != 0 || !xm)
        return rc ? rc : EXS_ENOMEM;
    size_t width = type == EXS_ATT_CHAR ? 1 : 8;
    exsi_xm_entity_att_rec r = {.owner = owner, .id = id, .type = type, .len = len,
                            .name = exsi_w_strdup(name),
                            .vals = calloc((size_t)len + 1, width)};
    if (!r.name || !r.vals) {
        free_rec(&r);
        return exsi_err(f, EXS_ENOMEM, "entity attribute %s", name);
    }
    if (len > 0)
        memcpy(r.vals, vals, (size_t)len * width);
    rc = store_rec(f, xm, &r);
    if (rc != 0)
        free_rec(&r);
    return rc;
}

/* NC_INT unless a value needs 64 bits (EXS_EOVERFLOW where the format
 * has no NC_INT64). */
static int int_xtype(exs_file *f, const exsi_xm_entity_att_rec *r, int *xt)
{
    const int64_t *v = r->vals;
    *xt = EXS_NC_INT;
    for (int64_t i = 0; i < r->len; i++)
        if (v[i] < INT32_MIN || v[i] > INT32_MAX)
            *xt = EXS_NC_INT64;
    int has64 = f->format == EXS_FORMAT_CDF5 || f->format == EXS_FORMAT_NETCDF4;
    if (*xt == EXS_NC_INT64 && !has64)
        return exsi_err(f, EXS_EOVERFLOW, "entity attribute %s: a value needs 64 bits, "
                       "which this format has not", r->name);
    return 0;
}

static int put_rec(exs_file *f, const exsi_xm_entity_att_rec *r)
{
    int varid, xt;
    const exsi_core_store_ops *op = f->store->ops;
    int rc = owner_varid(f, r->owner, r->id, &varid);
    if (rc == 0 && varid == -2)
        rc = exsi_err(f, EXS_EBADMODEL, "entity attribute %s: the entity's variable "
                     "is not defined", r->name);
    if (rc != 0)
        return rc;
    if (r->type == EXS_ATT_CHAR)
        return op->put_att_text(f->store, varid, r->name, r->vals);
    if (r->type == EXS_ATT_DOUBLE)
        return op->put_att_f64(f->store, varid, r->name, EXS_NC_DOUBLE, (size_t)r->len,
                               r->vals);
    rc = int_xtype(f, r, &xt);
    return rc ? rc : op->put_att_i64(f->store, varid, r->name, xt, (size_t)r->len,
                                     r->vals);
}

int exsi_eatt_w_def_entity_atts(exs_file *f)
{
    const exsi_core_xmodel *xm = f->xm;
    int rc = 0;
    for (int64_t i = 0; rc == 0 && xm && i < xm->neatt; i++)
        rc = put_rec(f, &xm->eatt[i]);
    return rc;
}

uint64_t exsi_eatt_entity_atts_hash(const exs_file *f, uint64_t h)
{
    const exsi_core_xmodel *xm = f->xm;
    for (int64_t i = 0; xm && i < xm->neatt; i++) {
        const exsi_xm_entity_att_rec *r = &xm->eatt[i];
        int64_t k[4] = {r->owner, r->id, r->type, r->len};
        h = exsi_comm_hash(h, k, sizeof k);
        h = exsi_comm_hash(h, r->name, strlen(r->name) + 1);
        h = exsi_comm_hash(h, r->vals, (size_t)r->len * (r->type == EXS_ATT_CHAR ? 1 : 8));
    }
    return h;
}

void exsi_eatt_entity_atts_free(exsi_core_xmodel *xm)
{
    for (int64_t i = 0; i < xm->neatt; i++)
        free_rec(&xm->eatt[i]);
    free(xm->eatt);
    xm->eatt = NULL;
    xm->neatt = xm->eatt_cap = 0;
}
