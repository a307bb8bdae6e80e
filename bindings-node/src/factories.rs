//! The JavaScript functions that build result objects, registered once by `src-ts/models.ts`.
//!
//! A result crosses to JavaScript as the arguments of one call to its model's function
//! (`makeCall(id, agentId, to, ...)`), which returns the finished object literal. One
//! `napi_call_function` hands over every value at once; filling an array (or an object) from
//! here instead costs a `napi_set_element` per value, each a trip through V8's generic
//! property machinery: about a thousand instructions a value, most of a call's conversion.
//!
//! The functions are kept per JavaScript thread (each worker thread loads the addon and
//! registers its own), as references that live as long as the thread's environment.

use std::cell::RefCell;
use std::ffi::CStr;
use std::ptr;

use napi::bindgen_prelude::Object;
use napi::{sys, Env, Error, JsValue, Result, Status};
use napi_derive::napi;

use crate::convert::check;

/// The results built by a registered function, in the order of [`NAMES`].
#[derive(Clone, Copy)]
pub(crate) enum Model {
    Call,
    EndedCall,
    PlacedCall,
    Campaign,
    CampaignCall,
    AgentRef,
    CallRecord,
    CallPage,
}

/// The property of `setModelFactories`' argument holding each model's function.
const NAMES: [&CStr; 8] = [
    c"call",
    c"endedCall",
    c"placedCall",
    c"campaign",
    c"campaignCall",
    c"agentRef",
    c"callRecord",
    c"callPage",
];

/// One thread's functions, for the environment that registered them.
struct Registered {
    env: sys::napi_env,
    functions: [sys::napi_ref; NAMES.len()],
}

thread_local! {
    static REGISTERED: RefCell<Option<Registered>> = const { RefCell::new(None) };
}

/// Registers the functions that build results; `src-ts/models.ts` calls it once, when it
/// loads. A later call (a second copy of the package in one thread) replaces them.
#[napi(
    js_name = "setModelFactories",
    ts_args_type = "factories: Record<'call' | 'endedCall' | 'placedCall' | 'campaign' | 'campaignCall' | 'agentRef' | 'callRecord' | 'callPage', (...values: any[]) => object>"
)]
pub fn set_model_factories(env: Env, factories: Object<'_>) -> Result<()> {
    let raw_env = env.raw();
    let object = factories.raw();
    let mut functions = [ptr::null_mut(); NAMES.len()];
    for (slot, name) in functions.iter_mut().zip(NAMES) {
        let mut value = ptr::null_mut();
        check(unsafe { sys::napi_get_named_property(raw_env, object, name.as_ptr(), &mut value) })?;
        let mut kind = 0;
        check(unsafe { sys::napi_typeof(raw_env, value, &mut kind) })?;
        if kind != sys::ValueType::napi_function {
            return Err(Error::new(
                Status::InvalidArg,
                format!(
                    "setModelFactories: {} is not a function",
                    name.to_string_lossy()
                ),
            ));
        }
        check(unsafe { sys::napi_create_reference(raw_env, value, 1, slot) })?;
    }
    let previous = REGISTERED.with(|cell| {
        cell.borrow_mut().replace(Registered {
            env: raw_env,
            functions,
        })
    });
    if let Some(previous) = previous.filter(|p| p.env == raw_env) {
        for reference in previous.functions {
            unsafe { sys::napi_delete_reference(raw_env, reference) };
        }
    }
    Ok(())
}

/// Builds one `model` from `values`, in the order of its function's parameters.
///
/// # Safety
/// `env` must be the live environment of the calling JavaScript thread.
pub(crate) unsafe fn build(
    env: sys::napi_env,
    model: Model,
    values: &[sys::napi_value],
) -> Result<sys::napi_value> {
    let function = REGISTERED.with(|cell| {
        let registered = cell.borrow();
        let registered = registered
            .as_ref()
            .filter(|r| r.env == env)
            .ok_or_else(|| {
                Error::new(
                    Status::GenericFailure,
                    "the result shapes of talkover were not registered".to_owned(),
                )
            })?;
        let mut function = ptr::null_mut();
        check(unsafe {
            sys::napi_get_reference_value(env, registered.functions[model as usize], &mut function)
        })?;
        Ok::<_, Error>(function)
    })?;
    let mut receiver = ptr::null_mut();
    check(unsafe { sys::napi_get_undefined(env, &mut receiver) })?;
    let mut result = ptr::null_mut();
    check(unsafe {
        sys::napi_call_function(
            env,
            receiver,
            function,
            values.len(),
            values.as_ptr(),
            &mut result,
        )
    })?;
    Ok(result)
}
