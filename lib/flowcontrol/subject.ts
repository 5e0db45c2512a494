/**
 * Kinds of FlowSchema subject.
 * @see https://kubernetes.io/docs/concepts/cluster-administration/flow-control/#flowschema
 */
export enum ApfSubjectKind {
  /** A user name as the authenticator reports it. */
  USER = 'User',
  /** A group name as the authenticator reports it. */
  GROUP = 'Group',
  /** A ServiceAccount, by namespace and name. */
  SERVICE_ACCOUNT = 'ServiceAccount',
}

/**
 * Who a FlowSchema rule applies to.
 *
 * Rendered in the flowcontrol shape (`{kind: ServiceAccount, serviceAccount: {namespace, name}}`,
 * `{kind: User, user: {name}}`, `{kind: Group, group: {name}}`) — not the RBAC subject shape,
 * which the API server rejects in a FlowSchema.
 *
 * @see https://kubernetes.io/docs/concepts/cluster-administration/flow-control/#flowschema
 */
export class Subject {
  /** A user by name, e.g. `system:kube-scheduler`. */
  public static user(name: string): Subject {
    return new Subject(ApfSubjectKind.USER, name);
  }

  /** A group by name, e.g. `system:serviceaccounts:ci`. */
  public static group(name: string): Subject {
    return new Subject(ApfSubjectKind.GROUP, name);
  }

  /** One ServiceAccount in `namespace`. */
  public static serviceAccount(namespace: string, name: string): Subject {
    return new Subject(ApfSubjectKind.SERVICE_ACCOUNT, name, namespace);
  }

  /** Every ServiceAccount in `namespace` (name `*`). */
  public static allServiceAccountsIn(namespace: string): Subject {
    return new Subject(ApfSubjectKind.SERVICE_ACCOUNT, '*', namespace);
  }

  /** Every authenticated user (group `system:authenticated`). */
  public static allAuthenticated(): Subject {
    return Subject.group('system:authenticated');
  }

  /** Every unauthenticated request (group `system:unauthenticated`). */
  public static allUnauthenticated(): Subject {
    return Subject.group('system:unauthenticated');
  }

  /** The subject kind. */
  public readonly kind: ApfSubjectKind;
  /** User, group or ServiceAccount name (`*` for every ServiceAccount of a namespace). */
  public readonly name: string;
  /** ServiceAccount namespace; undefined for users and groups. */
  public readonly namespace?: string;

  private constructor(kind: ApfSubjectKind, name: string, namespace?: string) {
    this.kind = kind;
    this.name = name;
    this.namespace = namespace;
  }

  /** The subject as it appears in `spec.rules[].subjects[]`. */
  public toJson(): any {
    switch (this.kind) {
      case ApfSubjectKind.SERVICE_ACCOUNT:
        return { kind: this.kind, serviceAccount: { namespace: this.namespace, name: this.name } };
      case ApfSubjectKind.GROUP:
        return { kind: this.kind, group: { name: this.name } };
      default:
        return { kind: this.kind, user: { name: this.name } };
    }
  }
}
